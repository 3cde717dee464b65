from flask import Flask, redirect, request, url_for

app = Flask(__name__)
PAGES = {"home", "account"}


@app.route("/login")
def login():
    target = request.args.get("next", "home")
    if target not in PAGES:
        target = "home"
    # ok: vigil.sast.python.open-redirect
    return redirect(url_for(target))


@app.route("/logout")
def logout():
    # ok: vigil.sast.python.open-redirect
    return redirect("/")
