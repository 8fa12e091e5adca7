/**
 * The libraries' own minimum: the app's runtime libraries and nothing of the app, each used the
 * least way the app uses it, so the bundler keeps what a first render needs and nothing more.
 * Built by bench/parts/weight.mjs with the same bundler and target as the app; its gzipped size
 * is the floor the app's first-render weight is compared with.
 */
/* global document, navigator */
import { zodResolver } from '@hookform/resolvers/zod';
import { Dexie } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Controller, FormProvider, useFieldArray, useForm, useFormContext, useWatch } from 'react-hook-form';
import { initReactI18next, useTranslation } from 'react-i18next';
import { Workbox } from 'workbox-window';
import { Link, Route, Switch, useLocation } from 'wouter';
import { z } from 'zod/mini';

// A seizure-sized schema: nested objects, arrays, enums, optional strings and numbers, in
// zod/mini as the app writes its schemas.
const upTo = (n) => z.string().check(z.maxLength(n));
const Firearm = z.object({
  id: z.uuid(),
  itemNumber: z.int().check(z.gte(1)),
  type: z.enum(['pistol', 'rifle', 'shotgun', 'revolver', 'other']),
  manufacturer: z.optional(upTo(120)),
  model: z.optional(upTo(120)),
  caliber: z.optional(upTo(40)),
  serialNumber: z.optional(upTo(120)),
  photos: z.optional(z.array(z.uuid()).check(z.maxLength(100))),
});
const Seizure = z.object({
  id: z.uuid(),
  status: z.enum(['draft', 'ready']),
  agency: z.object({ code: upTo(32), caseNumber: z.optional(upTo(40)) }),
  recovery: z.object({ occurredAt: z.optional(z.iso.datetime({ offset: true })), country: z.optional(z.string().check(z.length(2))), geo: z.optional(z.object({ lat: z.number(), lon: z.number() })) }),
  firearms: z.array(Firearm).check(z.maxLength(200)),
  notes: z.optional(upTo(4000)),
  createdAt: z.iso.datetime(),
});

const db = new Dexie('floor');
db.version(1).stores({ items: 'id, updatedAt' });

void i18next
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({ fallbackLng: 'en', resources: { en: { translation: { title: 'Floor', save: 'Save' } } } });

function Field({ index }) {
  const { control } = useFormContext();
  const serial = useWatch({ control, name: `firearms.${index}.serialNumber` });
  return h(Controller, { control, name: `firearms.${index}.serialNumber`, render: ({ field }) => h('input', { ...field, title: serial }) });
}

function Form() {
  const { t } = useTranslation();
  const methods = useForm({ resolver: zodResolver(Seizure), defaultValues: { firearms: [{}] } });
  const { fields } = useFieldArray({ control: methods.control, name: 'firearms' });
  return h(FormProvider, methods, h('form', { onSubmit: methods.handleSubmit(() => undefined) }, fields.map((f, i) => h(Field, { key: f.id, index: i })), h('button', null, t('save'))));
}

function List() {
  const { t } = useTranslation();
  const [location] = useLocation();
  const [query, setQuery] = useState('');
  const rows = useLiveQuery(() => db.table('items').orderBy('updatedAt').limit(100).toArray(), []);
  return h('div', null, h('h1', null, t('title'), location), h('input', { value: query, onChange: (e) => setQuery(e.target.value) }), h('p', null, rows?.length ?? 0), h(Link, { href: '/new' }, 'new'));
}

createRoot(document.getElementById('root')).render(h(Switch, null, h(Route, { path: '/', component: List }), h(Route, { path: '/new', component: Form })));
if ('serviceWorker' in navigator) void new Workbox('/sw.js').register();
