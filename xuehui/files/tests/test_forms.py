from django import forms

from xuehui.files.forms import MultipleUploadField, UploadField

from .factories import pdf_bytes, png_bytes, upload


class OneFileForm(forms.Form):
    file = UploadField(label="文件")


class ImagesForm(forms.Form):
    images = MultipleUploadField(label="照片", allowed={"png", "jpeg"}, max_files=2)


def test_one_file_form_rejects_a_disguised_file_in_chinese():
    form = OneFileForm(data={}, files={"file": upload("a.pdf", b"MZ\x90\x00" + b"\x00" * 64)})
    assert not form.is_valid()
    assert "可执行程序" in form.errors["file"][0]


def test_one_file_form_accepts_a_pdf_and_keeps_the_detected_type():
    form = OneFileForm(data={}, files={"file": upload("a.pdf", pdf_bytes())})
    assert form.is_valid()
    assert form.cleaned_data["file"].detected.key == "pdf"


def test_the_widget_offers_only_the_allowed_extensions():
    html = str(ImagesForm()["images"])
    assert 'accept=".png,.jpg,.jpeg"' in html and "multiple" in html


def test_multiple_files_report_every_bad_one():
    from django.utils.datastructures import MultiValueDict

    files = MultiValueDict({"images": [upload("a.png", png_bytes()), upload("b.png", pdf_bytes())]})
    form = ImagesForm(data={}, files=files)
    assert not form.is_valid()
    assert "b.png" in form.errors["images"][0]


def test_multiple_files_are_limited_in_number():
    from django.utils.datastructures import MultiValueDict

    files = MultiValueDict({"images": [upload(f"{i}.png", png_bytes()) for i in range(3)]})
    form = ImagesForm(data={}, files=files)
    assert not form.is_valid()
    assert "最多上传 2 个" in form.errors["images"][0]


def test_multiple_files_clean_to_a_list():
    from django.utils.datastructures import MultiValueDict

    files = MultiValueDict({"images": [upload("a.png", png_bytes()), upload("b.png", png_bytes())]})
    form = ImagesForm(data={}, files=files)
    assert form.is_valid(), form.errors
    assert [u.name for u in form.cleaned_data["images"]] == ["a.png", "b.png"]
