import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/preview")
def preview():
    url = request.args.get("url")
    # ruleid: vigil.sast.python.ssrf
    return requests.get(url, timeout=5).text


@app.route("/hook")
def hook():
    host = request.headers.get("X-Callback-Host")
    # ruleid: vigil.sast.python.ssrf
    requests.post(url=f"https://{host}/notify", json={"ok": True})
    return "sent"
