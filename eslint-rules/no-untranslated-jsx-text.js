// Every word an officer can read must come from i18next, in both languages. This rule finds
// the two ways a sentence slips past it in JSX: text between tags, and a literal string in an
// attribute that is shown or read aloud (aria-label, title, placeholder, alt).
// (eslint-plugin-i18next does the same but no longer reports anything under ESLint 10.)
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'title', 'placeholder', 'alt', 'label']);
const HAS_WORDS = /\p{L}{2,}/u;

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow untranslated text in JSX' },
    messages: { untranslated: 'Untranslated text "{{text}}": put it in the locale files and use t().' },
    schema: [],
  },
  create(context) {
    const report = (node, text) => context.report({ node, messageId: 'untranslated', data: { text: text.trim().slice(0, 40) } });
    return {
      JSXText(node) {
        if (HAS_WORDS.test(node.value)) report(node, node.value);
      },
      JSXAttribute(node) {
        const name = typeof node.name.name === 'string' ? node.name.name : '';
        const value = node.value;
        if (VISIBLE_ATTRIBUTES.has(name) && value?.type === 'Literal' && typeof value.value === 'string' && HAS_WORDS.test(value.value)) {
          report(node, value.value);
        }
      },
    };
  },
};
