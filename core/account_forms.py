"""Forms for the administrator's pages: users and areas."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from core.forms import AreaChoiceField, MaskedSensitiveMixin
from core.models import CODE_LENGTH_LEVEL, Area, User


class AdminForm(MaskedSensitiveMixin, forms.ModelForm):
    def __init__(self, *args, user, mask_sensitive=False, import_context=None, **kwargs):
        self.user = user
        self.import_context = import_context  # a ledger import's rows: the form is not rendered
        super().__init__(*args, **kwargs)
        self.kept_sensitive = self._mask_sensitive() if mask_sensitive else {}
        self.helper = FormHelper()
        self.helper.form_tag = False


class AreaForm(AdminForm):
    class Meta:
        model = Area
        fields = ["code", "name", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = AreaChoiceField(queryset=Area.objects.visible_to(self.user), required=False,
                                                label=_("上级区划"), help_text=_("省级区划可留空"))
        if self.instance.pk:
            self.fields["code"].disabled = True

    def clean(self):
        cleaned = super().clean()
        code, parent = cleaned.get("code"), cleaned.get("parent")
        if code:
            if not code.isdigit() or len(code) not in CODE_LENGTH_LEVEL:
                self.add_error("code", _("区划代码应为2、4、6、9或12位数字。"))
                return cleaned
            # the level follows from the code; in cleaned_data too, as the write path builds the record from it
            self.instance.level = cleaned["level"] = CODE_LENGTH_LEVEL[len(code)]
            if parent is None and len(code) > 2:
                parent_code = next((code[:n] for n in (9, 6, 4, 2) if n < len(code) and Area.objects.filter(code=code[:n]).exists()), None)
                if parent_code is None:
                    self.add_error("parent", _("请选择上级区划。"))
                else:
                    cleaned["parent"] = Area.objects.get(code=parent_code)
                    self.instance.parent = cleaned["parent"]
            if cleaned.get("parent") and not code.startswith(cleaned["parent"].code):
                self.add_error("parent", _("区划代码必须以上级区划代码开头。"))
            if not self.user.is_superuser and self.user.area_id and not code.startswith(self.user.area_id):
                self.add_error("code", _("只能添加您所辖区划内的区划。"))
        return cleaned


class UserEditForm(AdminForm):
    new_password = forms.CharField(label=_("重置密码"), required=False, widget=forms.PasswordInput(render_value=False),
                                   help_text=_("留空则不修改；重置后该用户下次登录须修改密码"))

    """The system administrator's form: the account, its area and password; never its role
    (roles are the security administrator's: UserGrantForm)."""

    class Meta:
        model = User
        fields = ["username", "full_name", "area", "phone", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = AreaChoiceField(queryset=Area.objects.visible_to(self.user), label=_("所属区划"),
                                              help_text=_("用户只能看到该区划及其下级区划的记录"))
        if self.user.area_id and not self.instance.pk:
            self.initial.setdefault("area", self.user.area_id)

    def clean_new_password(self):
        password = self.cleaned_data.get("new_password")
        if password:
            password_validation.validate_password(password, self.instance)
        return password


class UserCreateForm(UserEditForm):
    new_password = None
    password1 = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput,
                                help_text=password_validation.password_validators_help_text_html())

    class Meta(UserEditForm.Meta):
        fields = ["username", "full_name", "area", "phone", "is_active", "password1"]

    def clean_password1(self):
        password = self.cleaned_data.get("password1")
        password_validation.validate_password(password, User(username=self.data.get("username", "")))
        return password


class UserGrantForm(AdminForm):
    """The security administrator's form: the account's role, and nothing else."""

    class Meta:
        model = User
        fields = ["role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].help_text = _("系统管理员、安全管理员和审计员三种职责由不同账号担任；任何人不能修改自己的角色。")

    def clean_role(self):
        role = self.cleaned_data.get("role")
        if self.instance.pk == self.user.pk and role != self.instance.role:
            raise forms.ValidationError(_("不能修改自己的角色，请由另一位安全管理员操作。"))
        return role

