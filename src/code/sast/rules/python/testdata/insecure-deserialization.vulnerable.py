import base64
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/cart")
def cart():
    raw = base64.b64decode(request.cookies["cart"])
    # ruleid: vigil.sast.python.insecure-deserialization
    items = pickle.loads(raw)
    return {"items": len(items)}


@app.post("/config")
def config():
    # ruleid: vigil.sast.python.insecure-deserialization
    cfg = yaml.load(request.data, Loader=yaml.Loader)
    return {"keys": len(cfg)}
