from flask import Flask, request, jsonify

from app.models import User
from app.tasks import identify_signup, touch_profile

app = Flask(__name__)


@app.post("/signup")
def signup():
    user = User.create(email=request.form["email"], name=request.form["name"])
    identify_signup.delay(user.id, user.email, user.plan)
    return jsonify(id=user.id), 201


@app.post("/profile")
def update_profile():
    user = User.get(request.form["id"])
    touch_profile.delay(user.id)
    return jsonify(ok=True)
