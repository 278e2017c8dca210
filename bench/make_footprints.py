#!/usr/bin/env python3
"""Writes a GeoJSON FeatureCollection of N building footprints around HCMC (CRS84) and a
scene file that loads it, for the footprint-loading benchmark.

Usage: bench/make_footprints.py N OUT_DIR
Footprints: rectangles, L-shapes and courtyard blocks (a hole) on a street grid, with
height, building:levels or neither (default height), so every code path is exercised.
"""
import json
import math
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
lat0, lon0 = 10.78, 106.70
m_per_deg_lat = 110_574.0
m_per_deg_lon = 111_320.0 * math.cos(math.radians(lat0))
side = math.ceil(math.sqrt(n))
pitch = 24.0  # metres between lot centres


def to_lonlat(x, y):
    return [round(lon0 + x / m_per_deg_lon, 8), round(lat0 + y / m_per_deg_lat, 8)]


features = []
for i in range(n):
    cx = (i % side - side / 2) * pitch
    cy = (i // side - side / 2) * pitch
    w, d = rng.uniform(6, 10), rng.uniform(6, 10)
    kind = i % 10
    if kind < 7:  # rectangle
        ring = [(-w, -d), (w, -d), (w, d), (-w, d)]
        holes = []
    elif kind < 9:  # L-shape
        ring = [(-w, -d), (w, -d), (w, 0), (0, 0), (0, d), (-w, d)]
        holes = []
    else:  # courtyard block
        ring = [(-w, -d), (w, -d), (w, d), (-w, d)]
        holes = [[(-w / 3, -d / 3), (-w / 3, d / 3), (w / 3, d / 3), (w / 3, -d / 3)]]
    rings = [[to_lonlat(cx + x, cy + y) for x, y in r + [r[0]]] for r in [ring] + holes]
    props = {"name": f"Tòa {i}"}
    r = rng.random()
    if r < 0.6:
        props["height"] = round(rng.uniform(6, 60), 1)
    elif r < 0.9:
        props["building:levels"] = rng.randint(1, 20)
    features.append({"type": "Feature", "id": i, "properties": props,
                     "geometry": {"type": "Polygon", "coordinates": rings}})

with open(f"{out}/footprints.geojson", "w", encoding="utf-8") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
with open(f"{out}/footprints-scene.json", "w", encoding="utf-8") as f:
    json.dump({"version": 1, "name": f"{n} footprints", "origin": {"lat": lat0, "lon": lon0},
               "layers": [{"type": "footprints", "path": "footprints.geojson"}]}, f)
print(f"{out}/footprints-scene.json")
