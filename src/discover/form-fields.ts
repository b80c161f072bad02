/**
 * What each input of a form is for, from its type, name, label and autocomplete hints: the login
 * form (a user name or e-mail and one password), a password-change form (two or three passwords),
 * the "remember me" box and the hidden inputs (CSRF tokens) that come along on their own.
 */
import type { FormDescription, FormInput } from '../target/html-forms.js';

const USER_HINT = /user|e-?mail|login|account|ident|name|benutzer|usuario|utilisateur/i;
const REMEMBER_HINT = /remember|persist|keep|stay|trust/i;
const ONE_TIME_CODE_HINT = /one-time-code|\b(otp|totp|2fa|mfa|passcode)\b|authenticator|verification code/i;
const LOGOUT_HINT = /log\s*-?\s*out|sign\s*-?\s*out|abmelden|déconnexion|deconnexion|cerrar sesi/i;

export interface LoginFields {
  user: FormInput;
  password: FormInput;
  remember?: FormInput;
  hidden: FormInput[];
}

const passwords = (form: FormDescription) => form.inputs.filter((i) => i.type === 'password');
const describe = (i: FormInput) => `${i.name} (${i.type}${i.hints ? `, “${i.hints.slice(0, 40)}”` : ''})`;

/** The login fields of a form with exactly one password input and a field for the user, or undefined. */
export function loginFields(form: FormDescription): LoginFields | undefined {
  const [password, ...more] = passwords(form);
  if (!password || more.length > 0) return undefined;
  const texts = form.inputs.filter((i) => ['text', 'email', 'tel'].includes(i.type));
  const user =
    texts.find((i) => i.type === 'email') ??
    texts.find((i) => USER_HINT.test(i.name) || /username|email/.test(i.hints)) ??
    texts.find((i) => USER_HINT.test(i.hints)) ??
    (texts.length === 1 ? texts[0] : undefined);
  if (!user) return undefined;
  const remember = form.inputs.find((i) => i.type === 'checkbox' && (REMEMBER_HINT.test(i.name) || REMEMBER_HINT.test(i.hints)));
  return { user, password, ...(remember ? { remember } : {}), hidden: form.inputs.filter((i) => i.type === 'hidden') };
}

export function describeLoginFields(f: LoginFields): string[] {
  return [
    `user field ${describe(f.user)}, password field ${f.password.name}`,
    ...(f.hidden.length ? [`hidden inputs carried over on each login (CSRF tokens and the like): ${f.hidden.map((h) => h.name).join(', ')}`] : []),
    ...(f.remember ? [`a “remember me” box: ${describe(f.remember)}`] : []),
  ];
}

/** A password-change form: two or three password inputs; the first is the current one when there are three, or when labelled so. */
export function passwordChangeFields(form: FormDescription): { current?: FormInput; next: FormInput[] } | undefined {
  const all = passwords(form);
  if (all.length < 2 || all.length > 3) return undefined;
  const labelledCurrent = all.find((i) => /current|old|existing|bisher|actuel/i.test(`${i.name} ${i.hints}`));
  const current = labelledCurrent ?? (all.length === 3 ? all[0] : undefined);
  return { ...(current ? { current } : {}), next: all.filter((i) => i !== current) };
}

/** A form asking for a one-time code (a second factor): no password, and an input hinted or named for the code. */
export function oneTimeCodeInput(form: FormDescription): FormInput | undefined {
  if (passwords(form).length > 0) return undefined;
  return form.inputs.find((i) => ['text', 'number', 'tel'].includes(i.type) && (ONE_TIME_CODE_HINT.test(`${i.name} ${i.hints}`) || /^(code|otp_?code|token)$/i.test(i.name)));
}

export function isLogoutText(text: string): boolean {
  return LOGOUT_HINT.test(text);
}
