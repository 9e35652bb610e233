# ruff: noqa: E501  (the pages are written out as the portals lay them out)
"""Write the portal-shaped web pages of this folder from two seeds (run once; see README.md).

changsha-2022.html: seed 000 (长沙 2022, notice + plan) as a TRS WCM article page in GBK.
xiangtan-2017.html: seed 003 (湘潭 2017, an info-panel scrape) as an old layout-table page in
UTF-8 without a charset declaration, the text set with <br>.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

HERE = Path(__file__).parent


def lines(seed: Path) -> list[str]:
    return [line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]


def changsha(seed: Path) -> str:
    text = lines(seed)
    title, body = text[0], text[1:]
    paras = []
    for line in body:
        escaped = html.escape(line, quote=False)
        if line in ("长沙市教育局", "2022218"):
            paras.append(f'<p style="text-align: right">{escaped}</p>')
        elif line == "2022年全市教育工作要点":
            paras.append(
                f'<p align="center"><strong><span style="font-size: 16pt">{escaped}</span></strong></p>'
            )
        else:
            paras.append(f'<p class="MsoNormal">&nbsp;&nbsp;&nbsp;&nbsp;<span>{escaped}</span></p>')
        if line == "2022218":
            paras.append("<p>（此件主动公开）</p>")
    table = """<p>附件：2022年教育民生实事安排表</p>
<table border="1" cellspacing="0"><tbody>
<tr><td>序号</td><td>实事项目</td><td>完成时间</td></tr>
<tr><td>1</td><td>新扩建公办幼儿园30所&nbsp;</td><td>2022年12月</td></tr>
<tr><td>2</td><td>落实&quot;双减&quot;课后服务全覆盖</td><td>2022年9月</td></tr>
</tbody></table>"""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{html.escape(title)}_长沙市教育局</title>
<meta name="SiteName" content="长沙市教育局" />
<meta name="ArticleTitle" content="{html.escape(title)}" />
<meta name="PubDate" content="2022-02-21 09:30" />
<meta name="ContentSource" content="长沙市教育局" />
<link rel="stylesheet" href="/images/style.css" />
<style type="text/css">.TRS_Editor P{{line-height:2;font-size:12pt;}}</style>
<script type="text/javascript">var tip = "<p>请使用新版浏览器</p>"; if (a < b) {{ b = a; }}</script>
</head>
<body>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="长沙市教育局" /></div>
<ul class="navbar"><li><a href="/">首页</a></li><li><a href="/jggk/">机构概况</a></li><li><a href="/tzgg/">通知公告</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>
<div class="bread-crumb">您的位置：<a href="/">首页</a>&nbsp;&gt;&nbsp;<a href="/tzgg/">通知公告</a></div>
<div class="article">
<h1 class="article-title">{html.escape(title)}</h1>
<div class="article-info">发布时间：2022-02-21&nbsp;&nbsp;来源：长沙市教育局&nbsp;&nbsp;【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="TRS_Editor"><div class="Custom_UnionStyle">
{chr(10).join(paras)}
{table}
</div>
<div class="bdsharebuttonbox"><a class="bds_more">分享到：</a><a class="bds_weixin" title="分享到微信">微信</a><a class="bds_tsina">微博</a></div>
</div>
<div class="xglj"><h3>相关链接</h3><ul><li><a href="/a.html">2021年全市教育工作要点</a></li><li><a href="/b.html">2020年全市教育工作要点</a></li></ul></div>
</div>
<div class="footer"><p>版权所有：长沙市教育局&nbsp;&nbsp;湘ICP备05001234号</p><p>地址：长沙市岳麓区&nbsp;电话：0731-00000000</p></div>
</body>
</html>
"""


def xiangtan(seed: Path) -> str:
    text = lines(seed)
    site, where, panel, rest = text[0], text[1], text[2:8], text[8:]
    cells = [html.escape(line.lstrip("• ")) for line in panel]
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in zip(cells[::2], cells[1::2], strict=True))
    body = "<br />\n".join(html.escape(line) for line in rest)
    return f"""<html>
<head>
<title>湘潭市教育局2017年工作要点 - 湘潭市教育局</title>
<script src="/js/jquery.js"></script>
</head>
<body>
<table width="1000" align="center"><tr><td class="top">{html.escape(site)}</td></tr>
<tr><td><div class="menu"><a href="/">首页</a> | <a href="/xxgk/">信息公开</a> | <a href="/bsfw/">办事服务</a> | <a href="/hdjl/">互动交流</a></div></td></tr>
<tr><td class="weizhi">{html.escape(where)}</td></tr>
<tr><td class="zw">
<table class="xxgk_table" border="1">{rows}</table>
{body}
</td></tr>
<tr><td><div class="share">分享到：<a>微信</a> <a>QQ空间</a></div></td></tr>
<tr><td class="bottom">主办：湘潭市教育局　版权所有　湘ICP备05000000号</td></tr>
</table>
</body>
</html>
"""


def main(seeds: Path) -> None:
    [changsha_seed] = seeds.glob("000_*.txt")
    [xiangtan_seed] = seeds.glob("003_*.txt")
    (HERE / "changsha-2022.html").write_bytes(changsha(changsha_seed).encode("gb18030"))
    (HERE / "xiangtan-2017.html").write_bytes(xiangtan(xiangtan_seed).encode("utf-8"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
