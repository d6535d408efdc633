// Text of the supervisor screens.
export const supervisor = {
  title: '',
};
