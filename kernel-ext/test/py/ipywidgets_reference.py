"""Reference states and behaviours from ipywidgets 8.1 (the Python kernel side of the widget
protocol), printed as JSON for kernel-ext/test/widgets.test.ts.

- "defaults": `get_state()` of each control, split by ipywidgets' own `_remove_buffers`, with widget
  references (`IPY_MODEL_<id>`) replaced by the model name they point to;
- "behaviours": traits after construction/assignment cases, or the error class raised;
- "remove_buffers": `_remove_buffers` on a nested structure.
"""
from __future__ import annotations

import json
import warnings

warnings.simplefilter("ignore")

import ipywidgets as W  # noqa: E402
from ipywidgets.widgets.widget import Widget, _remove_buffers  # noqa: E402


def deref(v):
    if isinstance(v, str) and v.startswith("IPY_MODEL_"):
        return "ref:" + Widget.widgets[v[len("IPY_MODEL_"):]]._model_name
    if isinstance(v, list):
        return [deref(x) for x in v]
    if isinstance(v, tuple):
        return [deref(x) for x in v]
    if isinstance(v, dict):
        return {k: deref(x) for k, x in v.items()}
    return v


def split(w):
    state, paths, buffers = _remove_buffers(w.get_state())
    return {"state": deref(state), "buffer_paths": paths, "buffers": [bytes(b).hex() for b in buffers]}


CONTROLS = {
    "IntSlider": lambda: W.IntSlider(),
    "FloatSlider": lambda: W.FloatSlider(),
    "IntRangeSlider": lambda: W.IntRangeSlider(),
    "Dropdown": lambda: W.Dropdown(),
    "SelectMultiple": lambda: W.SelectMultiple(),
    "Checkbox": lambda: W.Checkbox(),
    "Button": lambda: W.Button(),
    "Text": lambda: W.Text(),
    "Label": lambda: W.Label(),
    "HTML": lambda: W.HTML(),
    "Image": lambda: W.Image(),
    "Output": lambda: W.Output(),
    "Play": lambda: W.Play(),
    "IntProgress": lambda: W.IntProgress(),
    "HBox": lambda: W.HBox(),
    "VBox": lambda: W.VBox(),
    "Tab": lambda: W.Tab(),
    "Accordion": lambda: W.Accordion(),
    "Layout": lambda: W.Layout(),
}


def styles():
    out = {}
    for name, make in CONTROLS.items():
        w = make()
        if hasattr(w, "style"):
            out[name] = split(w.style)
    return out


def attempt(fn):
    try:
        return {"ok": fn()}
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__}


def behaviours():
    a, b = W.Label(), W.Label()
    return {
        "intslider_clamp_high": attempt(lambda: W.IntSlider(value=150, max=100).value),
        "intslider_clamp_low": attempt(lambda: W.IntSlider(value=-5, min=0).value),
        "intslider_truncates": attempt(lambda: W.IntSlider(value=3.7).value),
        "intslider_min_gt_max": attempt(lambda: W.IntSlider(min=5, max=1).value),
        "intslider_lower_max_clamps": attempt(lambda: (lambda s: (setattr(s, "max", 20), s.value)[1])(W.IntSlider(value=50))),
        "floatslider_clamp": attempt(lambda: W.FloatSlider(value=2.5, max=1.5).value),
        "rangeslider_default": attempt(lambda: list(W.IntRangeSlider(min=0, max=10).value)),
        "rangeslider_default_100": attempt(lambda: list(W.IntRangeSlider().value)),
        "rangeslider_reversed": attempt(lambda: list(W.IntRangeSlider(value=(8, 2)).value)),
        "dropdown_first": attempt(lambda: (lambda d: [d.index, d.value, d.label, list(d._options_labels)])(W.Dropdown(options=["a", "b"]))),
        "dropdown_pairs_value": attempt(lambda: (lambda d: [d.index, d.value, d.label])(W.Dropdown(options=[("One", 1), ("Two", 2)], value=2))),
        "dropdown_label": attempt(lambda: (lambda d: [d.index, d.value])(W.Dropdown(options=[("One", 1), ("Two", 2)], label="Two"))),
        "dropdown_missing_value": attempt(lambda: W.Dropdown(options=["a"], value="z").index),
        "dropdown_index_oob": attempt(lambda: W.Dropdown(options=["a"], index=3).index),
        "dropdown_new_options": attempt(lambda: (lambda d: (setattr(d, "options", ["x", "y"]), [d.index, d.value])[1])(W.Dropdown(options=["a", "b"], value="b"))),
        "select_multiple_value": attempt(lambda: (lambda d: [list(d.index), list(d.label)])(W.SelectMultiple(options=["a", "b", "c"], value=["c", "a"]))),
        "tab_children": attempt(lambda: (lambda t: [t.selected_index, list(t.titles)])(W.Tab(children=[a, b]))),
        "tab_titles_padded": attempt(lambda: (lambda t: list(t.titles))(W.Tab(children=[a, b], titles=["first"]))),
        "accordion_children": attempt(lambda: (lambda t: [t.selected_index, list(t.titles)])(W.Accordion(children=[a, b]))),
        "tab_index_oob": attempt(lambda: W.Tab(children=[a], selected_index=4).selected_index),
    }


def main():
    reference = {
        "version": W.__version__,
        "defaults": {name: split(make()) for name, make in CONTROLS.items()},
        "styles": styles(),
        "behaviours": behaviours(),
        "remove_buffers": (lambda r: {"state": r[0], "buffer_paths": r[1], "buffers": [bytes(b).hex() for b in r[2]]})(
            _remove_buffers({"a": [1, b"x", {"k": memoryview(b"yy"), "n": 2}], "b": b"z", "c": {"d": [None, b"w"]}})
        ),
    }
    print(json.dumps(reference))


if __name__ == "__main__":
    main()
