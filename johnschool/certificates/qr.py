"""QR codes for the certificates' verification addresses, as ISO/IEC 18004 describes them.

Byte mode (the text as UTF-8), error correction level M (about 15 % of the code words can be
restored), the smallest of the 40 versions that holds the text, and the mask of the lowest
penalty by the standard's four rules (N1 to N4), the lowest number on a tie.

A symbol is one Python integer, one bit a module (1 is dark): module (x, y), y counted from the
top, is bit ``(y + QUIET) * stride + x``, where a row's stride is the symbol's size plus QUIET
light columns. Those columns and the QUIET light rows above and below are the quiet zone, so
that a run never goes on from one row into the next and rule N3 sees the light area around the
symbol. Masking a symbol and scoring it are then a few dozen operations on whole integers: much
quicker in Python than module by module, as reportlab's encoder does, and that search over
eight masks was most of a certificate's rendering time. What does not depend on the text
(the function patterns, the order of the data modules, the masks) is worked out once a version.
"""

import re
from dataclasses import dataclass
from functools import cache
from itertools import chain, cycle, islice
from operator import itemgetter

# Error correction code words per block, and blocks, at level M, by version (1 to 40).
ECC_PER_BLOCK = (10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26)
ECC_PER_BLOCK += (26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28)
BLOCKS = (1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16)
BLOCKS += (17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49)
LEVEL_M = 0b00  # the two bits that name level M in the format information
BYTE_MODE = 0b0100
PAD_CODEWORDS = b"\xec\x11"
QUIET = 4  # light modules around the symbol: the quiet zone the standard asks for
MASKS = (
    lambda x, y: (x + y) % 2 == 0,
    lambda x, y: y % 2 == 0,
    lambda x, y: x % 3 == 0,
    lambda x, y: (x + y) % 3 == 0,
    lambda x, y: (x // 3 + y // 2) % 2 == 0,
    lambda x, y: x * y % 2 + x * y % 3 == 0,
    lambda x, y: (x * y % 2 + x * y % 3) % 2 == 0,
    lambda x, y: ((x + y) % 2 + x * y % 3) % 2 == 0,
)
_DARK_RUN = re.compile("1+")


@dataclass(frozen=True)
class QrCode:
    """An encoded symbol: its version, mask, size in modules, and modules as one integer."""

    version: int
    mask: int
    size: int
    modules: int

    def path(self) -> str:
        """The dark modules as a PDF path: a rectangle for each run of them in a row, in units
        of one module from the bottom left corner of the quiet zone, which is QUIET wide."""
        bits = format(self.modules, "b")[::-1]  # bit i of the integer is bits[i]
        corners, ends = _rectangle_parts(self.version)
        spans = [run.span() for run in _DARK_RUN.finditer(bits)]
        return " ".join([corners[start] + ends[end - start] for start, end in spans])


def encode(text: str) -> QrCode:
    """Encode text as a QR code at level M, in the smallest version that holds it."""
    data = text.encode("utf-8")
    version = _version_for(len(data))
    layout = _layout(version)
    codewords = _interleave(_data_codewords(data, version), version)
    bits = format(int.from_bytes(codewords, "big"), "b").zfill(8 * len(codewords))
    placed = int("".join(layout.order(bits + "0")), 2)
    symbols = [
        fixed | (placed ^ pattern)
        for fixed, pattern in zip(layout.fixed, layout.masks, strict=True)
    ]
    mask = min(range(len(MASKS)), key=lambda mask: (_penalty(symbols[mask], layout), mask))
    return QrCode(version, mask, layout.size, symbols[mask])


@cache
def _rectangle_parts(version: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The pieces of a version's paths: for each bit of a symbol, the lower left corner "x y "
    of a rectangle from that module; for each length, the end of its rectangle "length 1 re"."""
    size = 4 * version + 17
    stride, rows = size + QUIET, size + 2 * QUIET
    corners = tuple(
        f"{bit % stride + QUIET} {rows - 1 - bit // stride} " for bit in range(rows * stride)
    )
    ends = tuple(f"{length} 1 re" for length in range(size + 1))
    return corners, ends


# The code words: the data, then Reed-Solomon error correction in GF(256) modulo x^8+x^4+x^3+x^2+1.


def _multiply(a: int, b: int) -> int:
    """Multiply two elements of GF(256), bit by bit."""
    product = 0
    for bit in range(7, -1, -1):
        product = (product << 1) ^ (product >> 7) * 0x11D
        product ^= (b >> bit & 1) * a
    return product


@cache
def _products(degree: int) -> tuple[int, ...]:
    """For each byte, its product with the generator polynomial of degree (the product of
    (x - 2^i) for i below degree) less the leading term, as one integer of degree bytes."""
    generator = [0] * (degree - 1) + [1]
    root = 1
    for _ in range(degree):
        for index in range(degree):
            generator[index] = _multiply(generator[index], root)
            if index + 1 < degree:
                generator[index] ^= generator[index + 1]
        root = _multiply(root, 2)
    return tuple(
        int.from_bytes(bytes(_multiply(factor, term) for term in generator), "big")
        for factor in range(256)
    )


def _error_correction(data: bytes, degree: int) -> bytes:
    """The remainder of data, as a polynomial, divided by the generator of degree: the long
    division of the standard, with the remainder's bytes held in one integer."""
    products = _products(degree)
    top, width = 8 * (degree - 1), (1 << 8 * degree) - 1
    remainder = 0
    for byte in data:
        remainder = (remainder << 8 & width) ^ products[byte ^ remainder >> top]
    return remainder.to_bytes(degree, "big")


def _raw_codewords(version: int) -> int:
    """The code words a version holds, data and error correction together."""
    modules = (16 * version + 128) * version + 64  # less the finder, timing and format modules
    if version >= 2:
        alignments = version // 7 + 2
        modules -= (25 * alignments - 10) * alignments - 55
        if version >= 7:
            modules -= 36  # the two copies of the version information
    return modules // 8


def _data_capacity(version: int) -> int:
    """The data code words a version holds at level M."""
    return _raw_codewords(version) - ECC_PER_BLOCK[version - 1] * BLOCKS[version - 1]


def _count_bits(version: int) -> int:
    """The width of the byte mode's character count in a version."""
    return 8 if version < 10 else 16


def _version_for(length: int) -> int:
    """The smallest version that holds length bytes in byte mode at level M."""
    for version in range(1, 41):
        if 4 + _count_bits(version) + 8 * length <= 8 * _data_capacity(version):
            return version
    raise ValueError(f"{length} bytes are too many for a QR code at level M")


def _data_codewords(data: bytes, version: int) -> bytes:
    """One byte mode segment, the terminator, and padding to the version's capacity."""
    capacity = 8 * _data_capacity(version)
    count_bits = _count_bits(version)
    bits = (BYTE_MODE << count_bits | len(data)) << 8 * len(data) | int.from_bytes(data, "big")
    length = 4 + count_bits + 8 * len(data)
    terminator = min(4, capacity - length)
    padding = terminator + (-(length + terminator) % 8)
    body = (bits << padding).to_bytes((length + padding) // 8, "big")
    return body + bytes(islice(cycle(PAD_CODEWORDS), capacity // 8 - len(body)))


def _interleave(data: bytes, version: int) -> bytes:
    """Split data into the version's blocks, add each block's error correction, interleave."""
    count, degree = BLOCKS[version - 1], ECC_PER_BLOCK[version - 1]
    raw = _raw_codewords(version)
    short_blocks = count - raw % count
    short_length = (
        raw // count - degree
    )  # data code words of a short block; long ones hold one more
    blocks, start = [], 0
    for index in range(count):
        length = short_length + (index >= short_blocks)
        blocks.append(data[start : start + length])
        start += length
    corrections = [_error_correction(block, degree) for block in blocks]
    result = bytearray(chain.from_iterable(zip(*blocks, strict=False)))  # as far as short ones go
    result.extend(block[-1] for block in blocks[short_blocks:])
    result.extend(chain.from_iterable(zip(*corrections, strict=True)))
    return bytes(result)


# The layout of a version: what does not depend on the data.


@dataclass(frozen=True)
class _Layout:
    """What a version's symbols share, as integers of modules like QrCode.modules."""

    size: int
    stride: int
    symbol: int  # every module of the symbol
    canvas: int  # the symbol and its quiet zone
    fixed: tuple[int, ...]  # by mask: the dark modules of the function patterns, format included
    masks: tuple[int, ...]  # by mask: the data modules the mask makes dark
    order: itemgetter  # picks, for each bit of a symbol, highest first, a data bit or a "0"


@cache
def _layout(version: int) -> _Layout:
    """Work out a version's layout (once: it is kept)."""
    size = 4 * version + 17
    grid: dict[tuple[int, int], bool] = {}  # the function modules: (x, y) -> dark
    _draw_function_patterns(grid, version, size)
    format_cells = _format_cells(size)
    for cell in format_cells:
        grid.setdefault(cell, False)
    stride = size + QUIET

    def bits(cells) -> int:
        """The integer whose bits are these cells."""
        return sum(1 << (y + QUIET) * stride + x for x, y in set(cells))

    data_cells = list(_data_cells(size, grid))
    patterns = bits(cell for cell, dark in grid.items() if dark)
    fixed = tuple(
        patterns
        | bits(
            cell for cell, dark in zip(format_cells, 2 * _format_bits(mask), strict=True) if dark
        )
        for mask in range(len(MASKS))
    )
    return _Layout(
        size=size,
        stride=stride,
        symbol=bits((x, y) for x in range(size) for y in range(size)),
        canvas=(1 << (size + 2 * QUIET) * stride) - 1,
        fixed=fixed,
        masks=tuple(bits(cell for cell in data_cells if test(*cell)) for test in MASKS),
        order=_bit_order(data_cells, size, stride, 8 * _raw_codewords(version)),
    )


def _draw_function_patterns(grid: dict, version: int, size: int) -> None:
    """Mark the timing, finder and alignment patterns, the dark module and the version blocks."""
    for index in range(size):
        grid[6, index] = grid[index, 6] = index % 2 == 0  # the timing patterns
    for centre in ((3, 3), (size - 4, 3), (3, size - 4)):
        _draw_square(grid, centre, 4, size, light_rings=(2, 4))  # a finder and its separator
    centres = _alignment_centres(version, size)
    corners = {(6, 6), (6, size - 7), (size - 7, 6)}  # the finders are there
    for centre in ((x, y) for x in centres for y in centres):
        if centre not in corners:
            _draw_square(grid, centre, 2, size, light_rings=(1,))
    grid[8, size - 8] = True  # the dark module
    if version >= 7:
        info = version << 12 | _bch_remainder(version, 0x1F25, 12)
        for index in range(18):
            a, b = size - 11 + index % 3, index // 3
            grid[a, b] = grid[b, a] = bool(info >> index & 1)


def _draw_square(grid: dict, centre: tuple, radius: int, size: int, light_rings: tuple) -> None:
    """Mark concentric square rings around centre, within the symbol: light at the distances of
    light_rings, dark at the others."""
    cx, cy = centre
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            if 0 <= cx + dx < size and 0 <= cy + dy < size:
                grid[cx + dx, cy + dy] = max(abs(dx), abs(dy)) not in light_rings


def _alignment_centres(version: int, size: int) -> list[int]:
    """The centres of the alignment patterns along either axis."""
    if version == 1:
        return []
    count = version // 7 + 2
    step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
    return [6] + sorted(size - 7 - index * step for index in range(count - 1))


def _bch_remainder(value: int, generator: int, degree: int) -> int:
    """The remainder of value times x^degree divided by generator, in GF(2)."""
    remainder = value
    for _ in range(degree):
        remainder = remainder << 1 ^ (remainder >> degree - 1) * generator
    return remainder & (1 << degree) - 1


def _format_bits(mask: int) -> list[bool]:
    """The 15 format bits for level M and a mask, lowest first."""
    data = LEVEL_M << 3 | mask
    bits = (data << 10 | _bch_remainder(data, 0x537, 10)) ^ 0x5412
    return [bool(bits >> index & 1) for index in range(15)]


def _format_cells(size: int) -> list[tuple[int, int]]:
    """Where the format bits go, lowest first: the copy by the top left finder, then the other."""
    first = (
        [(8, y) for y in range(6)] + [(8, 7), (8, 8), (7, 8)] + [(x, 8) for x in range(5, -1, -1)]
    )
    second = [(size - 1 - x, 8) for x in range(8)] + [(8, size - 7 + y) for y in range(7)]
    return first + second


def _data_cells(size: int, grid: dict):
    """The modules left for data, in the order the bits go: two columns at a time, zigzag up and
    down from the right, stepping over the vertical timing pattern."""
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        upward = (right + 1) & 2 == 0
        for vertical in range(size):
            y = size - 1 - vertical if upward else vertical
            for x in (right, right - 1):
                if (x, y) not in grid:
                    yield x, y


def _bit_order(data_cells: list, size: int, stride: int, data_bits: int) -> itemgetter:
    """A picker from the string of data bits and a final "0" to the symbol's bits, highest
    first: the data bit of each data module, and "0" elsewhere and for the remainder bits."""
    source = [data_bits] * ((size + 2 * QUIET) * stride)
    for index, (x, y) in enumerate(data_cells[:data_bits]):
        source[(y + QUIET) * stride + x] = index
    return itemgetter(*reversed(source))


# The penalty rules, on whole symbols: shifting by 1 moves along a row, by the stride down a column.


def _penalty(dark: int, layout: _Layout) -> int:
    """The penalty of a masked symbol: N1 + N2 + N3 + N4."""
    light = layout.symbol ^ dark
    around = layout.canvas ^ dark  # light, the quiet zone included
    stride = layout.stride
    runs = sum(_runs(modules, step) for modules in (dark, light) for step in (1, stride))
    blocks = _blocks(dark, stride) + _blocks(light, stride)
    finders = _finder_like(dark, around, 1) + _finder_like(dark, around, stride)
    return runs + 3 * blocks + 40 * finders + _balance(dark.bit_count(), layout.size**2)


def _runs(modules: int, step: int) -> int:
    """N1: 3 + (length - 5) for each run of five or more modules along step."""
    pairs = modules & modules >> step
    windows = pairs & pairs >> 2 * step & modules >> 4 * step  # the first of five in a row
    starts = windows & ~(modules << step)  # ... where a run begins
    return windows.bit_count() + 2 * starts.bit_count()


def _blocks(modules: int, stride: int) -> int:
    """N2's count: the 2 by 2 blocks of modules, overlapping ones each counted."""
    pairs = modules & modules >> 1
    return (pairs & pairs >> stride).bit_count()


def _finder_like(dark: int, light: int, step: int) -> int:
    """N3's count: dark-light-dark dark dark-light-dark along step, with 4 light before or
    after."""
    core = dark & light >> step & dark >> 2 * step & dark >> 3 * step & dark >> 4 * step
    core &= light >> 5 * step & dark >> 6 * step
    pairs = light & light >> step
    fours = pairs & pairs >> 2 * step  # the first of four light modules in a row
    return (core & (fours >> 7 * step | fours << 4 * step)).bit_count()


def _balance(dark: int, total: int) -> int:
    """N4: 10 for each whole 5 % the share of dark modules is away from half."""
    return 10 * (abs(20 * dark - 10 * total) // total)
