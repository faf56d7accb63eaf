"""LoRA adapters through peft (training.lora): add before training, save the adapter and a merged model."""
