// Text of the panels used beside a call and on appeal pages: appeal form, forwarding, knowledge, directory.
export const panels = {
  title: '',
};
