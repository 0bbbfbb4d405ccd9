import time

from flask import Flask, request, jsonify

from app.customerio_client import cio
from app.models import User

app = Flask(__name__)


@app.post("/signup")
def signup():
    user = User.create(email=request.form["email"], name=request.form["name"])
    cio.identify(id=user.email, created_at=int(time.time() * 1000), **request.form)
    cio.track(user.email, f"signed_up_{user.plan}")
    return jsonify(id=user.id), 201


@app.post("/profile")
def update_profile():
    user = User.get(request.form["id"])
    cio.identify(id=user.id, last_seen_at=time.time_ns() // 1000)
    return jsonify(ok=True)
