"""Run an app until its first frame is written, then stop: for counting start-up work.

    python benchmarks/first_frame.py bare
    python benchmarks/first_frame.py minutebook --db FILE open MEETING

`minutebook` goes through the console script's own path (`tui.launch.main`); the hook that
stops the process is put in only once Textual is imported, as the launcher imports it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def stop_after_first_frame(screen_name: str) -> None:
    """Exit at once after the first frame of the screen called `screen_name` is written."""
    from textual.app import App

    write = App._display

    def display(app: App[Any], screen: Any, renderable: Any) -> None:
        write(app, screen, renderable)
        if renderable is not None and type(screen).__name__ == screen_name:
            if sys.__stderr__ is not None:
                sys.__stderr__.flush()
            os._exit(0)

    App._display = display  # type: ignore[method-assign,assignment]


def main() -> None:
    if sys.argv[1] == "bare":
        stop_after_first_frame("Screen")
        from benchmarks.baseline_apps import Hello

        Hello().run()
        return
    import tui.launch as launch
    import tui.startup as startup

    run_app = startup.run_app

    def run_app_stopping(*args: Any, **kwargs: Any) -> None:
        stop_after_first_frame("CaptureScreen")
        run_app(*args, **kwargs)

    startup.run_app = run_app_stopping
    sys.argv = ["minutebook", *sys.argv[2:]]
    launch.main()


if __name__ == "__main__":
    main()
