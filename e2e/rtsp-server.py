#!/usr/bin/python3
"""A stand-in IP camera for the end-to-end tests: an RTSP server (GStreamer's gst-rtsp-server,
from Debian's packages) serving an H.264 + AAC-less test pattern at rtsp://127.0.0.1:<port>/<path>.
Usage: rtsp-server.py PORT PATH [h264|h265]. Prints "ready" when it listens."""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

port, path = sys.argv[1], sys.argv[2]
codec = sys.argv[3] if len(sys.argv) > 3 else "h264"
Gst.init(None)

if codec == "h265":
    enc = "x265enc tune=zerolatency key-int-max=25 ! rtph265pay name=pay0 pt=96"
else:
    enc = "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! video/x-h264,profile=baseline ! rtph264pay name=pay0 pt=96 config-interval=1"

factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(f"( videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 ! {enc} )")
factory.set_shared(True)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
server.get_mount_points().add_factory("/" + path, factory)
server.attach(None)
print("ready", flush=True)
GLib.MainLoop().run()
