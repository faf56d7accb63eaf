"""What a run trains with, decided after the model is loaded, reported as one `training_setup` event."""
