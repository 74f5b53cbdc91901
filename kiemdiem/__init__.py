"""kiemdiem — kiểm điểm, đánh giá, xếp loại chất lượng hằng năm.

`kiemdiem.rules` is the pure rules engine (no Django); `kiemdiem.web` and
`kiemdiem.apps` are the Django project that stands on it.
"""
