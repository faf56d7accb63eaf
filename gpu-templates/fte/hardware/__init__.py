"""What the hardware decides: precision and TF32."""
