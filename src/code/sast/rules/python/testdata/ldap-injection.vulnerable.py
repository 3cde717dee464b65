import ldap
from flask import Flask, request

app = Flask(__name__)


@app.route("/people")
def people(conn):
    user = request.args["user"]
    # ruleid: vigil.sast.python.ldap-injection
    return str(conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + user + ")"))


@app.route("/groups")
def groups(conn):
    # ruleid: vigil.sast.python.ldap-injection
    conn.search("dc=example,dc=com", f"(cn={request.args['group']})")
    return str(conn.entries)
