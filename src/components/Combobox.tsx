/**
 * A typeahead over a vocabulary that understands aliases ("9mm" finds 9 mm Luger, "S&W" finds
 * Smith & Wesson). It follows the WAI-ARIA combobox pattern (list autocomplete): the input keeps
 * focus, arrow keys move through the options, Enter picks, Escape closes, and the active option
 * is announced through aria-activedescendant.
 *
 * The field's value is the option's code when one is picked. When `strict` is off the officer
 * may keep free text ("as marked on the gun"); a typed name that exactly matches an option is
 * turned into its code on leaving the field. When `strict` is on, only codes reach the form, so a
 * half-typed country can never be stored.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { exactLookup } from '../domain/vocab/lookup';
import { searchOptions } from '../domain/vocab/search';
import type { Lang, VocabOption } from '../domain/vocab/types';

export interface ComboboxProps {
  id: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  onBlur?: () => void;
  options: readonly VocabOption[];
  lang: Lang;
  strict?: boolean;
  describedBy?: string | undefined;
  invalid?: boolean;
  required?: boolean;
  disabled?: boolean;
  registerInput?: Ref<HTMLInputElement>;
  className?: string;
}

const LIMIT = 40;

export function Combobox(props: ComboboxProps) {
  const { id, value, onChange, onBlur, options, lang, strict = false, registerInput, describedBy, invalid, required, disabled, className } = props;
  const { t } = useTranslation();
  const listId = useId();
  const exactOption = useMemo(() => exactLookup(options), [options]);
  const selected = options.find((o) => o.code === value);
  const display = selected ? selected.label[lang] : (value ?? '');
  const [text, setText] = useState<string | null>(null); // null: not editing, show the value
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const query = text ?? '';
  const matches = useMemo(() => (open ? searchOptions(options, query, lang, LIMIT) : []), [open, options, query, lang]);
  const activeOption = matches[Math.min(active, matches.length - 1)];

  const pick = (option: VocabOption) => {
    onChange(option.code);
    setText(null);
    setOpen(false);
  };

  const commitTyped = () => {
    if (text === null || text === display) return setText(null);
    const exact = exactOption(text);
    if (exact) onChange(exact.code);
    else if (text.trim() === '') onChange(undefined);
    else if (!strict) onChange(text);
    setText(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (matches.length === 0 ? 0 : (current + step + matches.length) % matches.length));
    } else if (event.key === 'Enter' && open && activeOption) {
      event.preventDefault();
      pick(activeOption);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const unmatchedStrict = strict && text !== null && text.trim() !== '' && !exactOption(text);

  // An open list low on the screen would hide under the sticky save bar: bring it into view
  // (its scroll margin keeps it clear of the bar).
  const list = useRef<HTMLUListElement>(null);
  const showing = open && matches.length > 0;
  useEffect(() => {
    if (showing) list.current?.scrollIntoView?.({ block: 'nearest' });
  }, [showing]);

  return (
    <div className={`combobox ${className ?? ''}`}>
      <input
        id={id}
        ref={registerInput}
        type="text"
        role="combobox"
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={open && matches.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && activeOption ? `${listId}-${activeOption.code}` : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid || unmatchedStrict || undefined}
        aria-required={required || undefined}
        disabled={disabled}
        value={text ?? display}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
          if (!strict) onChange(event.target.value === '' ? undefined : event.target.value);
        }}
        onFocus={() => setText(display)}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          commitTyped();
          setOpen(false);
          onBlur?.();
        }}
      />
      {unmatchedStrict && <p className="field-note">{t('pickFromList')}</p>}
      <ul ref={list} id={listId} role="listbox" className="combobox-list" hidden={!showing}>
        {matches.map((option) => (
          <li
            key={option.code}
            id={`${listId}-${option.code}`}
            role="option"
            aria-selected={option === activeOption}
            className={option === activeOption ? 'active' : undefined}
            // Keep focus in the input so blur does not close the list before the pick lands.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(option)}
          >
            {option.label[lang]}
            {option.hint && <span className="option-hint"> {option.hint[lang]}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
