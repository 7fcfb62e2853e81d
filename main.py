from config import load
from alerts import notify, masked

cfg = load()
notify(f"key={cfg.api_key}")
masked(cfg.api_key)
notify("hello")
