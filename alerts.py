import requests

URL = "https://api.telegram.org/bot123/sendMessage"

def notify(text):
    requests.post(URL, json={"chat_id": 1, "text": text})

def masked(text):
    requests.post(URL, json={"chat_id": 1, "text": text[:4]})
