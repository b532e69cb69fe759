"""Shared font subsets: the embedded DejaVu subsets of every PDF, built once per process.

``pdf.register_fonts`` registers the shipped faces as ``SharedSubsetFont``; see its docstring for
how the subsets are shared and why that is safe with reportlab's documented hooks.
"""

import copy
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    makeToUnicodeCMap,
)

# Beside ASCII, the first subset of a face holds 159 characters, in this order: cp1252's beyond
# ASCII (every letter and sign of French and English) less the no-break space (drawn as a space)
# and the soft hyphen (its five undefined bytes skipped), then the letters of Central European
# names that cp1252 lacks.
SEEDED_CHARACTERS = (
    bytes(range(0x80, 0x100))
    .decode("cp1252", errors="ignore")
    .replace("\xa0", "")
    .replace("\xad", "")
    + "ĂăĄąĆćČčĎďĘęĚěŁłŃńŐőŘřŚśȘșȚțŤťŮůŰűŹźŻż"
)
SHARED_SUBSETS = 64  # the subsets kept for each face, the seeded first one and rarer ones


@dataclass(frozen=True)
class _Subset:
    """What reportlab embeds for one subset of a face, formatted once to be written again."""

    base_name: str  # "AAAAAA+DejaVuSans": the subset's index, then the face
    font: dict[str, bytes]  # the font dictionary but for its name and references
    unicode_map: bytes  # the ToUnicode CMap
    program: bytes  # the TrueType font program of the subset's glyphs
    descriptor: dict[str, bytes]  # the font descriptor but for its FontFile2 reference


class SharedSubsetFont(TTFont):
    """A TrueType font whose embedded subsets are built once per process and shared by PDFs.

    reportlab gives a character of a TrueType font a code in a subset of 256 as a document first
    prints it, and at save builds each subset's font program, widths and ToUnicode map: the
    slowest part of a short PDF. Two documents that print the same characters in another order
    get other subsets, so this font first gives each document SEEDED_CHARACTERS, which fill the
    first subset: it is then the same in every document and built once. Rarer characters go on
    to further subsets, kept by their characters too (the last SHARED_SUBSETS used).

    reportlab's dynamic fonts document splitString as the way text is coded for a document, and
    PDFDocument calls addObjects at save for each such font it used. This class overrides just
    those two: splitString to give a new document a copy of a state seeded once (seeding each
    document anew would take longer than coding all of a certificate's text), and addObjects to
    write the same objects as reportlab's own from kept parts; the tests compare both with what
    reportlab itself gives. Building a part holds a lock, as the face reads its font file
    through one shared position, so documents may be rendered from several threads; a document
    itself is only ever drawn by one.
    """

    def __init__(self, name: str, data: bytes):
        super().__init__(name, io.BytesIO(data))
        self._subsets: OrderedDict[tuple[int, tuple[int, ...]], _Subset] = OrderedDict()
        self._lock = threading.Lock()
        seeded = pdfdoc.PDFDocument()  # stands for every document while the seed is coded
        super().splitString(SEEDED_CHARACTERS, seeded)
        self._seed = self.state.pop(seeded)

    def splitString(self, text, doc, encoding="utf-8"):
        """Code text for doc in (subset, bytes) runs, seeding the subsets of a new document."""
        if doc not in self.state:
            self.state[doc] = self._seeded_state()
        return super().splitString(text, doc, encoding)

    def _seeded_state(self) -> TTFont.State:
        """A new document's coding state with SEEDED_CHARACTERS coded: a copy of the seed.

        A state holds two containers, the code of each character and the characters of each
        subset, which are copied; the rest (the next code, the name and whether it is frozen)
        are numbers and strings.
        """
        state = copy.copy(self._seed)
        state.assignments = dict(self._seed.assignments)
        state.subsets = [list(subset) for subset in self._seed.subsets]
        return state

    def addObjects(self, doc):
        """Add to doc, at save, the font objects of each subset it used."""
        state = self.state[doc]
        state.frozen = 1
        for index, characters in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(index, doc)[1:]
            subset = self._subset(index, tuple(characters), doc)
            unicode_map = _stream(doc, subset.unicode_map)
            font = _Dictionary(
                subset.font,
                Name=pdfdoc.PDFName(internal_name),
                ToUnicode=doc.Reference(unicode_map, "toUnicodeCMap:" + subset.base_name),
                FontDescriptor=self._add_descriptor(doc, subset),
            )
            reference = doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = reference
        del self.state[doc]

    def _add_descriptor(self, doc, subset: _Subset):
        """Add a subset's font program and descriptor to doc; return the descriptor's reference."""
        program = _stream(doc, subset.program)
        program.dictionary["Length1"] = len(subset.program)
        reference = doc.Reference(program, f"fontFile:{self.face.filename}({subset.base_name})")
        descriptor = _Dictionary(subset.descriptor, FontFile2=reference)
        return doc.Reference(descriptor, "fontDescriptor:" + subset.base_name)

    def _subset(self, index: int, characters: tuple[int, ...], doc) -> _Subset:
        """The parts of the subset of index holding characters: kept, or built and kept."""
        key = (index, characters)
        with self._lock:
            subset = self._subsets.get(key)
            if subset is None:
                subset = self._subsets[key] = self._build_subset(index, characters, doc)
                if len(self._subsets) > SHARED_SUBSETS:
                    self._subsets.popitem(last=False)
            self._subsets.move_to_end(key)
        return subset

    def _build_subset(self, index: int, characters: tuple[int, ...], doc) -> _Subset:
        """Build the parts of a subset, as reportlab's TTFont.addObjects does, and format them."""
        face = self.face
        base_name = (SUBSETN(index) + b"+" + face.name + face.subfontNameX).decode("pdfdoc")
        descriptor = {
            "Type": "/FontDescriptor",
            "Ascent": face.ascent,
            "CapHeight": face.capHeight,
            "Descent": face.descent,
            "Flags": face.flags & ~FF_NONSYMBOLIC | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(base_name),
            "ItalicAngle": face.italicAngle,
            "StemV": face.stemV,
            "MissingWidth": face.defaultWidth,
        }
        font = {
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("TrueType"),
            "BaseFont": pdfdoc.PDFName(base_name),
            "FirstChar": 0,
            "LastChar": len(characters) - 1,
            "Widths": pdfdoc.PDFArray(map(face.getCharWidth, characters)),
        }
        return _Subset(
            base_name=base_name,
            font=_formatted(font, doc),
            unicode_map=pdfdoc.pdfdocEnc(makeToUnicodeCMap(base_name, characters)),
            program=face.makeSubset(characters),
            descriptor=_formatted(descriptor, doc),
        )


def _formatted(entries: dict, doc) -> dict[str, bytes]:
    """The entries of a PDF dictionary with their values formatted, to be written as they are."""
    return {key: pdfdoc.format(value, doc) for key, value in entries.items()}


class _Dictionary(pdfdoc.PDFObject):
    """A PDF dictionary of entries formatted beforehand, and of others (such as references,
    whose numbers differ by document) formatted as it is written: the same bytes as a
    PDFDictionary of them all, without formatting the same keys and values again and again."""

    def __init__(self, formatted: dict[str, bytes], **entries):
        self.formatted = formatted
        self.entries = entries

    def format(self, document) -> bytes:
        """Write the dictionary as PDFDictionary.format does: keys in order, six to a line."""
        values = dict(self.formatted)
        values.update((key, pdfdoc.format(value, document)) for key, value in self.entries.items())
        lines = [b"/" + key.encode() + b" " + values[key] for key in sorted(values)]
        if rl_config.pdfMultiLine:
            return b"<<\n" + b"\n ".join(lines) + b"\n>>"
        for index in reversed(range(6, len(lines), 6)):
            lines.insert(index, b"\n ")
        return b"<<\n" + b" ".join(lines) + b"\n>>"


def _stream(doc, content: str | bytes):
    """A stream of content, compressed if doc compresses its streams, as reportlab's fonts do."""
    stream = pdfdoc.PDFStream(content=content)
    if doc.compression:
        stream.filters = [pdfdoc.PDFZCompress]
    return stream
