// Text of the admin screens.
export const admin = {
  title: '',
};
