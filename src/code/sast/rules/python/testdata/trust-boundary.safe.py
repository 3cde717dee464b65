from flask import Flask, abort, request, session

app = Flask(__name__)
THEMES = {"light", "dark"}


@app.post("/prefs")
def prefs():
    theme = request.form["theme"]
    if theme not in THEMES:
        abort(400)
    # ok: vigil.sast.python.trust-boundary
    session["theme"] = theme
    return "ok"
