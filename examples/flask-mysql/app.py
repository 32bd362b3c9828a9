"""A small notes service: Flask + mysqlclient (MySQLdb) against MariaDB/MySQL.

The database address comes from the environment (DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME), so the same
image runs against any server; the defaults match ../shared/engine/services.sh (127.0.0.1:3306, app/app/app).
"""
import os
from contextlib import closing

import MySQLdb
from flask import Flask, jsonify, request

app = Flask(__name__)


def connect():
    return MySQLdb.connect(
        host=os.environ.get("DB_HOST", "127.0.0.1"),
        port=int(os.environ.get("DB_PORT", "3306")),
        user=os.environ.get("DB_USER", "app"),
        passwd=os.environ.get("DB_PASSWORD", "app"),
        db=os.environ.get("DB_NAME", "app"),
        charset="utf8mb4",
    )


def ensure_table():
    with closing(connect()) as db:
        cur = db.cursor()
        cur.execute(
            "CREATE TABLE IF NOT EXISTS notes ("
            " id INT AUTO_INCREMENT PRIMARY KEY,"
            " body VARCHAR(1000) NOT NULL,"
            " created TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"
        )
        db.commit()


@app.get("/health")
def health():
    with closing(connect()) as db:
        cur = db.cursor()
        cur.execute("SELECT VERSION()")
        (version,) = cur.fetchone()
    return jsonify(status="ok", driver=MySQLdb.__version__, server=version)


@app.post("/notes")
def add_note():
    body = (request.get_json(silent=True) or {}).get("body", "")
    if not body:
        return jsonify(error="body is required"), 400
    ensure_table()
    with closing(connect()) as db:
        cur = db.cursor()
        cur.execute("INSERT INTO notes (body) VALUES (%s)", (body,))
        db.commit()
        note_id = cur.lastrowid
    return jsonify(id=note_id, body=body), 201


@app.get("/notes/<int:note_id>")
def get_note(note_id):
    ensure_table()
    with closing(connect()) as db:
        cur = db.cursor()
        cur.execute("SELECT id, body FROM notes WHERE id = %s", (note_id,))
        row = cur.fetchone()
    if row is None:
        return jsonify(error="not found"), 404
    return jsonify(id=row[0], body=row[1])


@app.get("/notes")
def list_notes():
    ensure_table()
    with closing(connect()) as db:
        cur = db.cursor()
        cur.execute("SELECT id, body FROM notes ORDER BY id")
        rows = cur.fetchall()
    return jsonify([{"id": r[0], "body": r[1]} for r in rows])


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
