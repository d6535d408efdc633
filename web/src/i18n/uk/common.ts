// Text shared by every screen. Ukrainian first; en/common.ts has the same keys.
export const common = {
  appName: 'Dovira',
  appSubtitle: 'Єдиний контакт-центр судової влади України',
  language: 'Мова інтерфейсу',
  languageNames: { uk: 'Українська', en: 'English' },
  login: {
    title: 'Вхід до Dovira',
    login: 'Логін',
    password: 'Пароль',
    submit: 'Увійти',
    loginRequired: 'Вкажіть логін',
    passwordRequired: 'Вкажіть пароль',
    tooManyAttempts: (seconds: number) => `Забагато спроб входу. Спробуйте знову через ${seconds < 60 ? `${seconds} с` : `${Math.ceil(seconds / 60)} хв`}.`,
    hint: 'Логін і пароль видає адміністратор контакт-центру.',
  },
  logout: 'Вийти',
  roles: { operator: 'Оператор', supervisor: 'Керівник', admin: 'Адміністратор', court_clerk: 'Працівник суду', pbx: 'Телефонна станція' },
  /** The labels of an appeal's card (A1), the same for management and for the court. */
  appealFacts: {
    applicant: 'Заявник',
    residence: 'Місце проживання',
    phone: 'Телефон',
    email: 'Ел. пошта',
    noEmail: 'немає',
    kind: 'Вид',
    essence: 'Суть питання',
  },
  nav: {
    workspace: 'Робоче місце',
    console: 'Пульт керівника',
    inbox: 'Вхідні звернення суду',
    users: 'Користувачі',
    settings: 'Налаштування',
  },
  live: {
    connected: 'Живі оновлення працюють',
    connecting: 'Підключення до живих оновлень…',
    lost: 'Зв’язок втрачено. Відновлюємо автоматично…',
    crowded: 'Dovira відкрито в забагатьох вкладках: закрийте зайві, і живі оновлення тут відновляться',
  },
  loading: 'Завантаження…',
  retry: 'Спробувати ще раз',
  reload: 'Оновити сторінку',
  screenFailed: 'Не вдалося відкрити цей екран: можливо, Dovira оновили або зв’язок перервався. Оновіть сторінку — введене на інших екранах не втратиться, якщо його вже збережено.',
  save: 'Зберегти',
  cancel: 'Скасувати',
  closeAlert: 'Закрити сповіщення',
  close: 'Закрити',
  back: 'Назад',
  search: 'Пошук',
  errorTitle: 'Не вдалося виконати дію',
  loadError: 'Не вдалося завантажити дані',
  savedFormKept: 'Введені дані збережено у формі — виправте і надішліть ще раз.',
  notFound: { title: 'Сторінку не знайдено', hint: 'Такої адреси в Dovira немає: можливо, у ній помилка. Поверніться на головну сторінку або скористайтеся меню ліворуч.', home: 'На головну сторінку' },
  noRoleScreen: 'Для Вашої ролі в браузері немає робочого екрана. Використовуйте API.',
  shortcuts: 'Клавіші',
  time: (value: string) => `о ${value}`,
  /** A wait or a length of time: «45 с», «2 хв 5 с», «1 год 10 хв». */
  duration: (seconds: number) => {
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = seconds % 60;
    if (hours > 0) return minutes > 0 ? `${hours} год ${minutes} хв` : `${hours} год`;
    if (minutes > 0) return rest > 0 ? `${minutes} хв ${rest} с` : `${minutes} хв`;
    return `${rest} с`;
  },
};
