"""Documents in the app: the document dialog (draft preview, 発行, 印刷…, 保存…)."""
from .dialog import DocumentDialog, open_documents, print_pdf

__all__ = ["DocumentDialog", "open_documents", "print_pdf"]
