import os

from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/users")
def users(db):
    name = request.args["name"]
    cur = db.cursor()
    # ruleid: vigil.sast.python.sql-injection
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    return cur.fetchall()


@app.route("/orders/<order_id>")
def order(order_id):
    query = "SELECT * FROM orders WHERE id = %s" % order_id
    # ruleid: vigil.sast.python.sql-injection
    return get_db().execute(query).fetchone()
