from flask import Flask, request, session

app = Flask(__name__)


@app.post("/prefs")
def prefs():
    # ruleid: vigil.sast.python.trust-boundary
    session["role"] = request.form["role"]
    return "ok"
