"""What the home screen shows: the campaigns counted by state and the signed-in user's to-do list.

Modules:

- `overview` — What the home screen shows: the office's campaigns with their items counted by state.
- `todo` — 首页's to-do list (待办): what waits for the signed-in user on a day, one counted line per kind of work,
  each naming the screen that shows it and the filter that narrows it there.
"""

__all__ = [
    "overview", "todo",
]
