"""ipywidgets front ends, one module per lesson. Thin: they call course/<topic>.py and draw what it returns."""
