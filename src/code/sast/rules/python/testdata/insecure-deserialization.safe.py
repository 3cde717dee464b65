import json

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/cart")
def cart():
    # ok: vigil.sast.python.insecure-deserialization
    items = json.loads(request.cookies["cart"])
    return {"items": len(items)}


@app.post("/config")
def config():
    # ok: vigil.sast.python.insecure-deserialization
    cfg = yaml.load(request.data, Loader=yaml.SafeLoader)
    return {"keys": len(cfg)}
