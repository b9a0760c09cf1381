# Prints the code points of every GBK double-byte character plus printable ASCII,
# one U+XXXX per line, for pyftsubset --unicodes-file.
cps = set(range(0x20, 0x7F))
for hi in range(0x81, 0xFF):
    for lo in range(0x40, 0xFF):
        if lo == 0x7F:
            continue
        try:
            s = bytes([hi, lo]).decode("gbk")
        except UnicodeDecodeError:
            continue
        cps.update(ord(c) for c in s)
cps.update([0x3000, 0x2265, 0x2264, 0xFF1D, 0xFF05, 0x00A0])
for cp in sorted(cps):
    print("U+%04X" % cp)
