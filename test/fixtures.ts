// Data that several suites use.

/** A complete oral appeal as an operator types it: untrimmed, with a plain apostrophe and a local phone format. */
export const validAppeal = {
  surname: '  Шевчук ',
  givenName: 'Мар\'яна',
  patronymic: 'Олексіївна',
  residence: 'м. Житомир, вул. Київська, 10',
  essence: 'Не можу дізнатися стан розгляду своєї справи про аліменти в районному суді',
  kind: 'complaint',
  phone: '067 123-45-67',
  email: 'maryana@example.com',
};
