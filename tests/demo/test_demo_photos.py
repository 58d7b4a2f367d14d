"""Demo pictures: decodable PNG images, the same bytes for the same seed."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ncen_core.demo.photos import DRAWINGS, SIZE, render


@pytest.mark.parametrize("drawing", sorted(DRAWINGS))
def test_each_drawing_is_a_decodable_png_of_the_demo_size(drawing):
    with Image.open(io.BytesIO(render(drawing, 7, "DEMO-7-00001"))) as image:
        image.verify()
        assert image.format == "PNG" and image.size == SIZE


@pytest.mark.parametrize("drawing", sorted(DRAWINGS))
def test_the_same_seed_draws_the_same_bytes(drawing):
    assert render(drawing, 11, "DEMO") == render(drawing, 11, "DEMO")


def test_another_seed_draws_another_picture():
    assert render("baggage_xray", 1, "DEMO") != render("baggage_xray", 2, "DEMO")
