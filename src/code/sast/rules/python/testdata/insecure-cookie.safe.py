from flask import Flask, make_response

app = Flask(__name__)


@app.route("/login")
def login():
    resp = make_response("ok")
    # ok: vigil.sast.python.insecure-cookie
    resp.set_cookie("session", new_session(), secure=True, httponly=True, samesite="Lax")
    return resp
