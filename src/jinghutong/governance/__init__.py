"""村级治理 records: 走访 visits, 社情民意, 安全隐患, 矛盾纠纷 and 交办, the 纵横斜 roster
and cameras, and the 村警's 五件事 summary. Each record kind is a subpackage of the usual
shape; what they share (who may record where, the trail, links between records, numbers)
lives beside them."""
