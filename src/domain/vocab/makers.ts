import { exactLookup } from './lookup';
import type { LocalizedName, VocabOption } from './types';

export interface Maker extends VocabOption {
  /** ISO 3166-1 alpha-2 of where this company's guns are usually made: a default, not a fact about one gun. */
  country: string;
  /** Appears on guns as the US importer of record (27 CFR 478.92 import marking). */
  importer: boolean;
  manufacturer: boolean;
}

type Role = 'maker' | 'importer' | 'both';

const ROLE_HINTS: Readonly<Record<Role, LocalizedName | undefined>> = {
  maker: undefined,
  // Shown in pickers so an officer does not record the importer stamp as the maker (rule X-W1,
  // docs/domain-rules.md#x-w1).
  importer: { en: 'US importer', es: 'Importador en EE. UU.' },
  both: { en: 'Maker and US importer', es: 'Fabricante e importador en EE. UU.' },
};

function maker(code: string, name: string, country: string, role: Role, aliases: readonly string[]): Maker {
  const hint = ROLE_HINTS[role];
  return {
    code,
    // Brand names are not translated.
    label: { en: name, es: name },
    aliases,
    ...(hint ? { hint } : {}),
    country,
    importer: role !== 'maker',
    manufacturer: role !== 'importer',
  };
}

// The makers SEDENA seized most (docs/domain-rules.md#c-4) lead, because pickers show the head of the
// list before anything is typed; the rest follow alphabetically. Where one brand has a foreign
// parent and a US company (Glock / Glock Inc.), they are separate entries because the stamp on
// the gun names one or the other and the country of manufacture differs.
export const MAKERS: readonly Maker[] = [
  maker('COLT', 'Colt', 'US', 'maker', [
    "Colt's",
    "Colt's Mfg",
    "Colt's Mfg Co",
    "Colt's Manufacturing",
    "Colt's Manufacturing Company",
    "Colt's Pt. F.A. Mfg. Co.",
    "Colt's Patent Firearms",
    'Colt Firearms',
  ]),
  maker('WINCHESTER', 'Winchester', 'US', 'maker', [
    'Winchester Repeating Arms',
    'Winchester Repeating Arms Co',
    'U.S. Repeating Arms',
    'USRAC',
  ]),
  maker('SMITH_WESSON', 'Smith & Wesson', 'US', 'maker', [
    'S&W',
    'Smith and Wesson',
    'Smith Wesson',
    'SW',
    'Smith & Wesson Inc',
    'Smith & Wesson Brands',
  ]),
  maker('REMINGTON', 'Remington', 'US', 'maker', [
    'Remington Arms',
    'Remington Arms Co',
    'Remington Arms Company',
    'RemArms',
  ]),
  maker('RUGER', 'Ruger', 'US', 'maker', [
    'Sturm Ruger',
    'Sturm, Ruger & Co',
    'Sturm, Ruger & Co., Inc.',
    'Sturm Ruger & Company',
  ]),
  // Browning Arms Co. (Utah) imports what FN and Miroku make under the Browning name.
  maker('BROWNING', 'Browning', 'BE', 'both', ['Browning Arms', 'Browning Arms Co', 'Browning Arms Company']),
  maker('BARRETT', 'Barrett', 'US', 'maker', [
    'Barrett Firearms',
    'Barrett Firearms Manufacturing',
    'Barrett Firearms Mfg',
  ]),
  maker('BERETTA', 'Beretta', 'IT', 'maker', ['Pietro Beretta', 'P. Beretta', "Fabbrica d'Armi Pietro Beretta"]),
  maker('BERETTA_USA', 'Beretta USA', 'US', 'both', ['Beretta U.S.A. Corp']),
  maker('GLOCK', 'Glock', 'AT', 'maker', ['Glock GmbH', 'Glock Ges.m.b.H.', 'Glock Austria']),
  maker('GLOCK_INC', 'Glock Inc.', 'US', 'both', ['Glock USA', 'Glock Smyrna']),
  maker('BUSHMASTER', 'Bushmaster', 'US', 'maker', ['Bushmaster Firearms', 'Bushmaster Firearms International']),
  maker('ROMARM', 'Romarm (Cugir)', 'RO', 'maker', [
    'Romarm',
    'Cugir',
    'CN Romarm',
    'Fabrica de Arme Cugir',
    'Uzina Mecanică Cugir',
    'UM Cugir',
    'Cugir Arms Factory',
  ]),
  // Mostly an importer (WASR-10 and other foreign AKs, docs/domain-rules.md#c-4), but it also builds
  // AK-pattern rifles in Vermont, so it is flagged as both; X-W1 should still ask the officer
  // to confirm when a Century stamp is entered as the maker.
  maker('CENTURY_ARMS', 'Century International Arms', 'US', 'both', [
    'Century Arms',
    'CAI',
    'Century',
    'Century Arms International',
    'Century Intl Arms',
  ]),

  maker('AERO_PRECISION', 'Aero Precision', 'US', 'maker', ['Aero']),
  maker('AMERICAN_TACTICAL', 'American Tactical', 'US', 'both', ['ATI', 'American Tactical Imports', 'American Tactical Inc']),
  maker('ANDERSON', 'Anderson Manufacturing', 'US', 'maker', ['Anderson', 'Anderson Mfg']),
  maker('ARMALITE', 'ArmaLite', 'US', 'maker', ['ArmaLite Inc']),
  maker('ARMSCOR', 'Armscor / Rock Island Armory', 'PH', 'maker', [
    'Armscor',
    'Arms Corporation of the Philippines',
    'Arms Corp of the Philippines',
    'Rock Island Armory',
    'RIA',
  ]),
  maker('ARMSCOR_USA', 'Armscor Precision International', 'US', 'importer', ['Armscor USA', 'Armscor Precision Intl']),
  maker('ARSENAL_BG', 'Arsenal (Bulgaria)', 'BG', 'maker', ['Arsenal', 'Arsenal AD', 'Arsenal JSCo', 'Arsenal Kazanlak']),
  maker('ARSENAL_INC', 'Arsenal Inc.', 'US', 'both', ['Arsenal USA', 'Arsenal Inc Las Vegas']),
  maker('ASTRA', 'Astra', 'ES', 'maker', ['Astra-Unceta', 'Astra Unceta y Cía', 'Unceta y Compañía']),
  maker('BENELLI', 'Benelli', 'IT', 'maker', ['Benelli Armi', 'Benelli Armi SpA']),
  maker('BENELLI_USA', 'Benelli USA', 'US', 'importer', ['Benelli U.S.A. Corp']),
  maker('BERSA', 'Bersa', 'AR', 'maker', ['Bersa S.A.', 'Bersa Argentina']),
  maker('BRAZTECH', 'BrazTech International', 'US', 'importer', ['BrazTech', 'BrazTech Intl', 'Rossi USA']),
  maker('BRYCO', 'Bryco / Jennings', 'US', 'maker', ['Bryco', 'Bryco Arms', 'Jennings', 'Jennings Firearms']),
  maker('CANIK', 'Canik', 'TR', 'maker', ['Canik55', 'Samsun Yurt Savunma', 'Samsun Yurt Savunma Sanayi']),
  maker('CHARTER_ARMS', 'Charter Arms', 'US', 'maker', ['Charter Arms Corp', 'Charter 2000', 'Charco']),
  maker('CZ', 'CZ (Česká zbrojovka)', 'CZ', 'maker', [
    'CZ',
    'Česká zbrojovka',
    'Česká zbrojovka Uherský Brod',
    'CZ Uherský Brod',
    'CZUB',
  ]),
  maker('CZ_USA', 'CZ-USA', 'US', 'importer', ['CZ-USA Kansas City']),
  maker('DANIEL_DEFENSE', 'Daniel Defense', 'US', 'maker', ['Daniel Defense Inc']),
  maker('DAVIS_INDUSTRIES', 'Davis Industries', 'US', 'maker', ['Davis']),
  maker('DGIM', 'Industria Militar (SEDENA)', 'MX', 'maker', [
    'DGIM',
    'Dirección General de Industria Militar',
    'Industria Militar',
  ]),
  maker('DIAMONDBACK', 'Diamondback Firearms', 'US', 'maker', ['Diamondback', 'Diamondback Arms']),
  maker('DPMS', 'DPMS Panther Arms', 'US', 'maker', ['DPMS', 'Panther Arms', 'Defense Procurement Manufacturing Services']),
  maker('EAA', 'European American Armory', 'US', 'importer', ['EAA', 'EAA Corp', 'European American Armory Corp']),
  maker('EAGLE_IMPORTS', 'Eagle Imports', 'US', 'importer', ['Eagle Imports Inc']),
  maker('FEG', 'FEG', 'HU', 'maker', ['Fegyver- és Gépgyár', 'FEG Hungary', 'Fegyvergyár']),
  maker('FN_HERSTAL', 'FN Herstal', 'BE', 'maker', [
    'FN',
    'FNH',
    'Fabrique Nationale',
    "Fabrique Nationale d'Armes de Guerre",
    'Fabrique Nationale Herstal',
    'FN Herstal SA',
  ]),
  maker('FN_AMERICA', 'FN America', 'US', 'both', ['FNH USA', 'FN USA', 'FN Manufacturing']),
  maker('GIRSAN', 'Girsan', 'TR', 'maker', ['Girsan Makina']),
  maker('HARRINGTON_RICHARDSON', 'Harrington & Richardson', 'US', 'maker', [
    'H&R',
    'Harrington and Richardson',
    'H&R 1871',
    'Harrington & Richardson Arms',
  ]),
  maker('HECKLER_KOCH', 'Heckler & Koch', 'DE', 'maker', [
    'H&K',
    'HK',
    'Heckler und Koch',
    'Heckler and Koch',
    'Heckler Koch',
    'Heckler & Koch GmbH',
  ]),
  maker('HECKLER_KOCH_INC', 'Heckler & Koch Inc.', 'US', 'both', ['HK Inc', 'H&K Inc', 'HK USA', 'Heckler & Koch USA']),
  maker('HENRY', 'Henry Repeating Arms', 'US', 'maker', ['Henry', 'Henry Repeating Arms Co', 'Henry USA']),
  maker('HERITAGE', 'Heritage Manufacturing', 'US', 'maker', ['Heritage', 'Heritage Mfg']),
  // Hi-Point pistols carry the name of the plant that made them rather than the brand.
  maker('HI_POINT', 'Hi-Point', 'US', 'maker', ['Hi-Point Firearms', 'Beemiller', 'Haskell Manufacturing', 'Iberia Firearms']),
  maker('HOWA', 'Howa', 'JP', 'maker', ['Howa Machinery']),
  maker('HS_PRODUKT', 'HS Produkt', 'HR', 'maker', ['HS', 'IM Metal', 'HS Produkt Karlovac']),
  maker('INTERARMS', 'Interarms', 'US', 'importer', ['Interarmco', 'Interarms Alexandria']),
  maker('INTRATEC', 'Intratec', 'US', 'maker', ['Intratec USA', 'Interdynamic', 'Interdynamic of America']),
  maker('IO_INC', 'I.O. Inc.', 'US', 'both', ['Inter Ordnance', 'I.O. Inc. Palm Bay']),
  maker('ITHACA', 'Ithaca', 'US', 'maker', ['Ithaca Gun Company', 'Ithaca Gun Co']),
  maker('IVER_JOHNSON', 'Iver Johnson', 'US', 'maker', ['Iver Johnson Arms', "Iver Johnson's Arms & Cycle Works"]),
  maker('IWI', 'IWI (Israel Weapon Industries)', 'IL', 'maker', ['IWI', 'Israel Weapon Industries', 'IMI', 'Israel Military Industries']),
  maker('IWI_US', 'IWI US', 'US', 'both', ['IWI US Inc', 'IWI USA']),
  maker('JIMENEZ_ARMS', 'Jimenez Arms', 'US', 'maker', ['Jimenez']),
  maker('KAHR', 'Kahr Arms', 'US', 'maker', ['Kahr']),
  maker('KALASHNIKOV', 'Kalashnikov Concern (Izhmash)', 'RU', 'maker', [
    'Kalashnikov',
    'Kalashnikov Concern',
    'Izhmash',
    'Izhevsk Machine-Building Plant',
  ]),
  maker('KEL_TEC', 'Kel-Tec', 'US', 'maker', ['Kel-Tec CNC', 'Kel-Tec CNC Industries']),
  maker('KIMBER', 'Kimber', 'US', 'maker', ['Kimber Mfg', 'Kimber Manufacturing', 'Kimber America']),
  maker('KRISS_USA', 'KRISS USA', 'US', 'maker', ['KRISS', 'KRISS Arms']),
  maker('LEGACY_SPORTS', 'Legacy Sports International', 'US', 'importer', ['Legacy Sports', 'Legacy Sports Intl']),
  maker('LLAMA', 'Llama', 'ES', 'maker', ['Llama Gabilondo', 'Gabilondo y Cía', 'Gabilondo y Compañía']),
  maker('LORCIN', 'Lorcin', 'US', 'maker', ['Lorcin Engineering']),
  maker('MAGNUM_RESEARCH', 'Magnum Research', 'US', 'both', ['Magnum Research Inc']),
  maker('MARLIN', 'Marlin', 'US', 'maker', ['Marlin Firearms', 'Marlin Firearms Co']),
  maker('MAUSER', 'Mauser', 'DE', 'maker', ['Mauser-Werke', 'Mauser Werke Oberndorf', 'Mauser Oberndorf']),
  maker('MAVERICK_ARMS', 'Maverick Arms', 'US', 'maker', ['Maverick']),
  maker('MOLOT', 'Molot', 'RU', 'maker', ['Molot Oruzhie', 'Vyatskiye Polyany Machine-Building Plant']),
  // O.F. Mossberg & Sons also imports the Mossberg International line made abroad.
  maker('MOSSBERG', 'Mossberg', 'US', 'both', ['O.F. Mossberg & Sons', 'Mossberg & Sons', 'Mossberg International']),
  maker('NORINCO', 'Norinco', 'CN', 'maker', ['China North Industries', 'China North Industries Corporation']),
  maker('NORTH_AMERICAN_ARMS', 'North American Arms', 'US', 'maker', ['NAA', 'North American Arms Inc']),
  maker('PALMETTO_STATE_ARMORY', 'Palmetto State Armory', 'US', 'maker', ['PSA', 'Palmetto State', 'Palmetto']),
  maker('PHOENIX_ARMS', 'Phoenix Arms', 'US', 'maker', ['Phoenix']),
  maker('POLYTECH', 'Polytech', 'CN', 'maker', ['Poly Technologies', 'Poly Technologies Inc']),
  maker('RAVEN_ARMS', 'Raven Arms', 'US', 'maker', ['Raven']),
  maker('ROSSI', 'Rossi', 'BR', 'maker', ['Amadeo Rossi', 'Amadeo Rossi S.A.', 'Rossi Brasil']),
  maker('SAKO', 'Sako', 'FI', 'maker', ['Sako Ltd', 'Oy Sako Ab']),
  maker('SAR_USA', 'SAR USA', 'US', 'importer', ['Sarsilmaz USA']),
  maker('SARSILMAZ', 'Sarsılmaz', 'TR', 'maker', ['SAR', 'SAR Arms', 'Sarsılmaz Silah Sanayi']),
  // Stevens has been a Savage brand since 1920; guns stamped Stevens belong here.
  maker('SAVAGE', 'Savage Arms', 'US', 'maker', ['Savage', 'Savage Arms Inc', 'Stevens', 'Savage Stevens']),
  maker('SCCY', 'SCCY', 'US', 'maker', ['SCCY Industries', 'SCCY Firearms']),
  maker('SDS_IMPORTS', 'SDS Imports', 'US', 'importer', ['SDS', 'SDS Imports LLC']),
  // Most SIG pistols seized today (P320, P365) are made in New Hampshire, so the plain brand
  // name points at the US company; the German GmbH is a separate entry.
  maker('SIG_SAUER', 'SIG Sauer', 'US', 'both', [
    'SIG',
    'SIG Sauer Inc',
    'SIG Sauer USA',
    'SIGARMS',
    'SIGARMS Inc',
    'SIG Sauer Newington',
  ]),
  maker('SIG_SAUER_GMBH', 'SIG Sauer GmbH', 'DE', 'maker', ['SIG Sauer Germany', 'SIG Sauer Eckernförde']),
  // Springfield Armory Inc. imports the XD and Hellcat lines made by HS Produkt in Croatia.
  maker('SPRINGFIELD_ARMORY', 'Springfield Armory', 'US', 'both', [
    'Springfield',
    'Springfield Armory Inc',
    'Springfield Inc',
    'Springfield Armory Geneseo',
  ]),
  maker('STAR', 'Star', 'ES', 'maker', ['Star Bonifacio Echeverría', 'Bonifacio Echeverría', 'Star Echeverría']),
  maker('STEYR', 'Steyr', 'AT', 'maker', ['Steyr Mannlicher', 'Steyr Arms', 'Steyr-Daimler-Puch']),
  // Stoeger Industries (Maryland) imports what Stoeger Silah makes in Turkey.
  maker('STOEGER', 'Stoeger', 'TR', 'both', ['Stoeger Industries', 'Stoeger Silah', 'Stoeger Arms']),
  maker('TANFOGLIO', 'Tanfoglio', 'IT', 'maker', ['Fratelli Tanfoglio', 'F.lli Tanfoglio']),
  maker('TAURUS', 'Taurus', 'BR', 'maker', ['Forjas Taurus', 'Forjas Taurus S.A.', 'Taurus Armas', 'Taurus Brasil']),
  maker('TAURUS_USA', 'Taurus USA', 'US', 'both', [
    'Taurus International',
    'Taurus International Mfg',
    'Taurus International Manufacturing',
    'Taurus Intl',
    'TIMI',
  ]),
  maker('TIKKA', 'Tikka', 'FI', 'maker', ['Tikkakoski']),
  maker('TISAS', 'Tisas', 'TR', 'maker', ['Trabzon Silah Sanayi']),
  maker('TRISTAR', 'TriStar Arms', 'US', 'importer', ['TriStar', 'TriStar Sporting Arms', 'TriStar Arms Inc']),
  // Tokarev pistols also come from Norinco, Zastava and Romarm; those keep their own entries.
  maker('TULA', 'Tula Arms Plant', 'RU', 'maker', ['Tula', 'TOZ', 'Tula Arms', 'Tulsky Oruzheiny Zavod']),
  maker('WALTHER', 'Walther', 'DE', 'maker', ['Carl Walther', 'Carl Walther GmbH', 'Walther Ulm', 'Walther Arnsberg']),
  maker('WALTHER_ARMS', 'Walther Arms', 'US', 'both', ['Walther Arms Inc', 'Walther USA']),
  maker('WEATHERBY', 'Weatherby', 'US', 'maker', ['Weatherby Inc']),
  maker('ZASTAVA', 'Zastava', 'RS', 'maker', [
    'Zastava Arms',
    'Zastava Oružje',
    'Crvena Zastava',
    'Zavodi Crvena Zastava',
    'Zastava Kragujevac',
  ]),
  maker('ZASTAVA_USA', 'Zastava USA', 'US', 'importer', ['Zastava Arms USA']),
];

export const MANUFACTURERS: readonly Maker[] = MAKERS.filter((m) => m.manufacturer);
export const IMPORTERS: readonly Maker[] = MAKERS.filter((m) => m.importer);

const lookup = exactLookup(MAKERS);

/** Maps a typed or stamped name (code, brand or alias) to the catalogue entry. */
export function findMaker(value: string | undefined): Maker | undefined {
  return lookup(value);
}
