"""Word export with real endnotes: each [n] is a Word endnote holding the exact quote.

python-docx has no endnote API, so the endnotes part (word/endnotes.xml) is built
here: the two separator notes Word expects, then one note per citation, referenced
from the bullets by <w:endnoteReference>. Numbering is set to 1, 2, 3 (Word's
default for endnotes is i, ii, iii) so the numbers match [n] in the other formats.
"""

from __future__ import annotations

import io
import re

from bot.models import (
    Briefing,
    date_words,
    note_line,
    sections,
    source_line,
    subtitle,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 cannot hold


def to_docx(briefing: Briefing) -> bytes:
    """The briefing as .docx bytes: bullets carry endnotes, sources listed at the end."""
    from docx import Document

    doc = Document()
    notes = _EndnotesPart.add_to(doc)
    doc.add_heading(_clean(briefing.title), level=0)
    meta = doc.add_paragraph()
    meta.add_run(subtitle(briefing)).italic = True
    for line in filter(None, [briefing.note, *briefing.notices]):
        doc.add_paragraph(_clean(line), style="Intense Quote")
    noted: set[int] = set()
    for title, items in sections(briefing):
        doc.add_heading(_clean(title), level=1)
        for item in items:
            para = doc.add_paragraph(style="List Bullet")
            if item.speaker:
                para.add_run(_clean(item.speaker)).bold = True
                para.add_run(_clean(f" ({item.role})" if item.role else "") + ": ")
            elif item.date:
                para.add_run(date_words(item.date)).bold = True
                para.add_run(" (planned): " if item.status == "planned" else ": ")
            para.add_run(_clean(item.text))
            for n in item.refs:
                if n in noted:  # a note is referenced once; a later mention repeats its number
                    para.add_run(str(n)).font.superscript = True
                    continue
                noted.add(n)
                notes.reference(para, n, _clean(note_line(briefing, briefing.citations[n - 1])))
    doc.add_heading("Sources", level=1)
    for source in briefing.sources:
        doc.add_paragraph(_clean(f"[{source.n}] {source_line(source)}"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _clean(text: str) -> str:
    return _XML_BAD.sub(" ", text)


class _EndnotesPart:
    """The word/endnotes.xml part of one document, and references to its notes."""

    def __init__(self, element) -> None:
        self.element = element

    @classmethod
    def add_to(cls, doc) -> _EndnotesPart:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml import parse_xml

        element = parse_xml(
            f'<w:endnotes xmlns:w="{W_NS}">'
            '<w:endnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:endnote>'
            '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
            'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
            "</w:r></w:p></w:endnote></w:endnotes>"
        )
        part = XmlPart(PackURI("/word/endnotes.xml"), CT.WML_ENDNOTES, element, doc.part.package)
        doc.part.relate_to(part, RT.ENDNOTES)
        cls._number_decimal(doc)
        return cls(element)

    @staticmethod
    def _number_decimal(doc) -> None:
        from docx.oxml import parse_xml

        settings = doc.settings.element
        props = parse_xml(
            f'<w:endnotePr xmlns:w="{W_NS}"><w:numFmt w:val="decimal"/>'
            '<w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>'
        )
        compat = settings.find(f"{{{W_NS}}}compat")
        if compat is not None:
            compat.addprevious(props)  # schema order: ... footnotePr, endnotePr, compat ...
        else:
            settings.append(props)
        sect = doc.sections[0]._sectPr
        sect_props = parse_xml(
            f'<w:endnotePr xmlns:w="{W_NS}"><w:numFmt w:val="decimal"/></w:endnotePr>'
        )
        refs = [
            c for c in sect if c.tag in (f"{{{W_NS}}}headerReference", f"{{{W_NS}}}footerReference")
        ]
        if refs:
            refs[-1].addnext(sect_props)
        else:
            sect.insert(0, sect_props)

    def reference(self, paragraph, n: int, text: str) -> None:
        """Add endnote `n` holding `text`, referenced at the end of `paragraph`."""
        from docx.oxml import parse_xml
        from docx.oxml.ns import qn

        note = parse_xml(
            f'<w:endnote xmlns:w="{W_NS}" w:id="{n}"><w:p><w:pPr><w:spacing w:after="60"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteRef/></w:r>'
            '<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:endnote>'
        )
        note.find(f".//{qn('w:p')}").append(_text_run(text))
        self.element.append(note)
        run = parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:endnoteReference w:id="{n}"/></w:r>'
        )
        paragraph._p.append(run)


def _text_run(text: str):
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    run = parse_xml(f'<w:r xmlns:w="{W_NS}"><w:t xml:space="preserve"/></w:r>')
    run.find(qn("w:t")).text = text  # lxml escapes &, < and > itself
    return run
