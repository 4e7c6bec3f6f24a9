"""PDF documents rendered from a template by WeasyPrint in the system's Noto CJK fonts (the
template names them through `serif` and `sans`). The HTML is given no base URL, so the document
references nothing outside itself and nothing is fetched."""

from django.template.loader import render_to_string

CJK_SANS = "Noto Sans CJK SC"
CJK_SERIF = "Noto Serif CJK SC"


def pdf_from_template(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when a PDF is made

    html = render_to_string(template, {**context, "serif": CJK_SERIF, "sans": CJK_SANS})
    return HTML(string=html).write_pdf()
