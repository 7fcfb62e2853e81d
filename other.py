import os
from alerts import notify
notify("secret " + os.environ["BYBIT_API_SECRET"])
