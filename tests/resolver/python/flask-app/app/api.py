import asyncio

from fastapi import APIRouter, BackgroundTasks

from app import cio_async

router = APIRouter()


@router.post("/watch")
async def add_watch(body: dict, background_tasks: BackgroundTasks):
    background_tasks.add_task(cio_async.track, body["user_id"], "watch_added")  # ok: runs after the response
    asyncio.create_task(cio_async.identify(body["user_id"], plan="pro"))  # ok: not awaited
    await cio_async.track(body["user_id"], "watch_viewed")  # expect: blocking-analytics
    return {"ok": True}


async def alert_watchers(watchers):
    for watcher in watchers:
        await cio_async.track(watcher.user_id, "price_alert")  # expect: unthrottled-loop
