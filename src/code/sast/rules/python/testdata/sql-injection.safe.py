import os

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/users")
def users(db):
    name = request.args["name"]
    cur = db.cursor()
    # ok: vigil.sast.python.sql-injection
    cur.execute("SELECT * FROM users WHERE name = %s", (name,))
    return cur.fetchall()


@app.route("/orders/<order_id>")
def order(order_id):
    # ok: vigil.sast.python.sql-injection
    return get_db().execute("SELECT * FROM orders WHERE id = %d" % int(order_id)).fetchone()
