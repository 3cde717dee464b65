from urllib.parse import quote, urlparse

import requests
from flask import Flask, abort, request

app = Flask(__name__)
ALLOWED = {"images.example.com"}


@app.route("/preview")
def preview():
    url = request.args.get("url")
    if urlparse(url).hostname not in ALLOWED:
        abort(400)
    # ok: vigil.sast.python.ssrf
    return requests.get(url, timeout=5).text


@app.route("/user")
def user():
    # ok: vigil.sast.python.ssrf
    return requests.get("https://api.example.com/users/" + quote(request.args["id"]), timeout=5).text
