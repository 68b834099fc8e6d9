#!/usr/bin/env python3
"""A multi-site corpus for `zhclean learn`: pages from make_corpus.py (one page a
file), each site's folder wrapped in that site's own furniture (slogan, nav row,
a mid-page line on every other page, footers with varying numbers), plus one
CMS line shared by all sites on 80% of pages. Deterministic.

Usage: make_site_corpus.py OUT_DIR [PAGES_PER_SITE (300)] [MAKE_CORPUS (../shared/bench/make_corpus.py)]
"""
import glob
import os
import random
import subprocess
import sys

out = sys.argv[1]
pages = int(sys.argv[2]) if len(sys.argv) > 2 else 300
here = os.path.dirname(os.path.abspath(__file__))
MC = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "..", "..", "shared", "bench", "make_corpus.py")
SITES = [
    ("alpha", "阿尔法园艺网", "用心做好每一株花", ["花卉", "绿植", "多肉", "园艺工具", "花友社区"], "杭州市西湖区花港路"),
    ("beta", "贝塔财经", "专业 权威 及时", ["股票", "基金", "债券", "期货", "理财"], "上海市浦东新区世纪大道"),
    ("gamma", "伽瑪資訊網", "讓資訊更有溫度", ["新聞", "評論", "專題", "影音", "圖集"], "台北市信義路"),
    ("delta", "德尔塔教育在线", "让每个孩子都出彩", ["招考", "课程", "名师", "题库", "家长课堂"], "武汉市洪山区珞喻路"),
    ("epsilon", "易普西龙旅游网", "说走就走的旅行", ["景点", "线路", "酒店", "攻略", "游记"], "成都市武侯区人民南路"),
    ("zeta", "泽塔健康资讯", "守护全家人的健康", ["养生", "疾病", "药品", "医院", "问医生"], "广州市越秀区中山路"),
]
rng = random.Random(7)
for k, (dirname, name, motto, items, street) in enumerate(SITES):
    tmp = os.path.join(out, ".gen-" + dirname)
    subprocess.run([sys.executable, MC, "--dir", tmp, "--files", str(pages), "--mb", "0.2", "--seed", str(100 + k)],
                   check=True, stderr=subprocess.DEVNULL)
    d = os.path.join(out, dirname)
    os.makedirs(d, exist_ok=True)
    for i, f in enumerate(sorted(glob.glob(os.path.join(tmp, "*.txt")))):
        lines = open(f, encoding="utf-8").read().rstrip("\n").split("\n")
        n = rng.randint(10, 999)
        head = [name + " " + motto] + ([name + "首页 | " + " | ".join(items)] if rng.random() < 0.8 else [])
        mid = len(lines) // 2
        if i % 2 == 0:
            lines.insert(mid, "欢迎关注%s官方微信" % name)
        foot = ["%s 地址：%s%d号 电话：0%d-%d" % (name, street, n, rng.randint(10, 99), rng.randint(1000000, 9999999))]
        if rng.random() < 0.9:
            foot.append("%s 联系邮箱 service%d@%s.cn" % (name, rng.randint(1, 9), dirname))
        if rng.random() < 0.8:
            foot.append("本站由星云CMS提供技术支持")
        with open(os.path.join(d, "%04d.txt" % i), "w", encoding="utf-8") as fh:
            fh.write("\n".join(head + lines + foot) + "\n")
        os.remove(f)
    os.rmdir(tmp)
