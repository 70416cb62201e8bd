"""Reading what a body wrote: the text of every attachment (its text layer, else OCR), and the next
step suggested from it (a pre-filled event the journalist confirms or corrects).

- ``ocr`` and ``pipeline``: the text of an evidence file, read in the worker on the "ocr" queue;
- ``detection``: what a reply says (registration, extension, forwarding, refusal and its grounds,
  answer), found by rules kept as data per language;
- ``suggestions``: the detections of a reply stored as a suggestion shown on the request page.
"""
