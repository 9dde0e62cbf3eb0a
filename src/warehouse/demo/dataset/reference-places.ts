// Fixed reference data for the demo retailer: sales regions,
// countries with cities and rough UTC offsets, name pools per culture, and the store list.
// Hand-written so the data reads like a real company's; nothing here is random.

export interface RegionRef {
  id: number;
  code: string;
  name: string;
  /** Share of new customers in 2020 and in 2025; interpolated in between (APAC and LATAM grow). */
  share2020: number;
  share2025: number;
  /** Flat shipping fee (cents) below the free-shipping threshold. */
  shippingCents: number;
  /** Extra delivery days on top of the base. */
  deliveryDays: number;
  /** Annual salary multiplier against North America. */
  payFactor: number;
}

export const REGIONS: readonly RegionRef[] = [
  { id: 1, code: 'NA', name: 'North America', share2020: 0.43, share2025: 0.34, shippingCents: 699, deliveryDays: 0, payFactor: 1 },
  { id: 2, code: 'EU', name: 'Europe', share2020: 0.34, share2025: 0.3, shippingCents: 599, deliveryDays: 0, payFactor: 0.9 },
  { id: 3, code: 'APAC', name: 'Asia-Pacific', share2020: 0.12, share2025: 0.19, shippingCents: 799, deliveryDays: 1, payFactor: 0.85 },
  { id: 4, code: 'LATAM', name: 'Latin America', share2020: 0.08, share2025: 0.12, shippingCents: 899, deliveryDays: 3, payFactor: 0.45 },
  { id: 5, code: 'MEA', name: 'Middle East & Africa', share2020: 0.03, share2025: 0.05, shippingCents: 999, deliveryDays: 2, payFactor: 0.7 },
];

export type Culture =
  | 'en' | 'es' | 'fr' | 'de' | 'it' | 'pt' | 'nl' | 'sv' | 'pl' | 'ja' | 'ko' | 'hi' | 'zh' | 'ar' | 'af';

export interface CountryRef {
  code: string;
  name: string;
  regionId: number;
  currency: string;
  /** Weight of the country within its region. */
  weight: number;
  /** Local time minus UTC, in hours (standard time; good enough for hour-of-day shapes). */
  utcOffset: number;
  /** Cities, biggest first. */
  cities: readonly string[];
  cultures: readonly (readonly [Culture, number])[];
}

export const COUNTRIES: readonly CountryRef[] = [
  { code: 'US', name: 'United States', regionId: 1, currency: 'USD', weight: 82, utcOffset: -5, cities: ['New York', 'Los Angeles', 'Chicago', 'Houston', 'Seattle', 'Boston', 'Miami', 'San Francisco', 'Austin', 'Denver', 'Atlanta', 'Philadelphia'], cultures: [['en', 74], ['es', 16], ['zh', 5], ['hi', 5]] },
  { code: 'CA', name: 'Canada', regionId: 1, currency: 'CAD', weight: 18, utcOffset: -5, cities: ['Toronto', 'Vancouver', 'Montreal', 'Calgary', 'Ottawa', 'Edmonton'], cultures: [['en', 72], ['fr', 20], ['zh', 8]] },
  { code: 'GB', name: 'United Kingdom', regionId: 2, currency: 'GBP', weight: 24, utcOffset: 0, cities: ['London', 'Manchester', 'Birmingham', 'Leeds', 'Glasgow', 'Bristol', 'Edinburgh'], cultures: [['en', 88], ['hi', 7], ['pl', 5]] },
  { code: 'DE', name: 'Germany', regionId: 2, currency: 'EUR', weight: 22, utcOffset: 1, cities: ['Berlin', 'Munich', 'Hamburg', 'Cologne', 'Frankfurt', 'Stuttgart'], cultures: [['de', 90], ['pl', 5], ['it', 5]] },
  { code: 'FR', name: 'France', regionId: 2, currency: 'EUR', weight: 17, utcOffset: 1, cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Bordeaux', 'Lille'], cultures: [['fr', 92], ['ar', 8]] },
  { code: 'ES', name: 'Spain', regionId: 2, currency: 'EUR', weight: 11, utcOffset: 1, cities: ['Madrid', 'Barcelona', 'Valencia', 'Seville', 'Bilbao'], cultures: [['es', 100]] },
  { code: 'IT', name: 'Italy', regionId: 2, currency: 'EUR', weight: 11, utcOffset: 1, cities: ['Milan', 'Rome', 'Turin', 'Naples', 'Bologna'], cultures: [['it', 100]] },
  { code: 'NL', name: 'Netherlands', regionId: 2, currency: 'EUR', weight: 7, utcOffset: 1, cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'The Hague'], cultures: [['nl', 100]] },
  { code: 'SE', name: 'Sweden', regionId: 2, currency: 'SEK', weight: 4, utcOffset: 1, cities: ['Stockholm', 'Gothenburg', 'Malmö', 'Uppsala'], cultures: [['sv', 100]] },
  { code: 'PL', name: 'Poland', regionId: 2, currency: 'PLN', weight: 4, utcOffset: 1, cities: ['Warsaw', 'Kraków', 'Wrocław', 'Gdańsk', 'Poznań'], cultures: [['pl', 100]] },
  { code: 'AU', name: 'Australia', regionId: 3, currency: 'AUD', weight: 30, utcOffset: 10, cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth', 'Adelaide'], cultures: [['en', 85], ['zh', 10], ['hi', 5]] },
  { code: 'JP', name: 'Japan', regionId: 3, currency: 'JPY', weight: 26, utcOffset: 9, cities: ['Tokyo', 'Osaka', 'Yokohama', 'Nagoya', 'Fukuoka', 'Sapporo'], cultures: [['ja', 100]] },
  { code: 'SG', name: 'Singapore', regionId: 3, currency: 'SGD', weight: 10, utcOffset: 8, cities: ['Singapore'], cultures: [['zh', 75], ['en', 15], ['hi', 10]] },
  { code: 'IN', name: 'India', regionId: 3, currency: 'INR', weight: 16, utcOffset: 5.5, cities: ['Mumbai', 'Bengaluru', 'Delhi', 'Chennai', 'Hyderabad', 'Pune'], cultures: [['hi', 100]] },
  { code: 'KR', name: 'South Korea', regionId: 3, currency: 'KRW', weight: 12, utcOffset: 9, cities: ['Seoul', 'Busan', 'Incheon', 'Daegu'], cultures: [['ko', 100]] },
  { code: 'NZ', name: 'New Zealand', regionId: 3, currency: 'NZD', weight: 6, utcOffset: 12, cities: ['Auckland', 'Wellington', 'Christchurch'], cultures: [['en', 100]] },
  { code: 'BR', name: 'Brazil', regionId: 4, currency: 'BRL', weight: 40, utcOffset: -3, cities: ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Curitiba', 'Porto Alegre', 'Brasília'], cultures: [['pt', 100]] },
  { code: 'MX', name: 'Mexico', regionId: 4, currency: 'MXN', weight: 28, utcOffset: -6, cities: ['Mexico City', 'Guadalajara', 'Monterrey', 'Puebla', 'Querétaro'], cultures: [['es', 100]] },
  { code: 'AR', name: 'Argentina', regionId: 4, currency: 'ARS', weight: 12, utcOffset: -3, cities: ['Buenos Aires', 'Córdoba', 'Rosario', 'Mendoza'], cultures: [['es', 90], ['it', 10]] },
  { code: 'CL', name: 'Chile', regionId: 4, currency: 'CLP', weight: 9, utcOffset: -4, cities: ['Santiago', 'Valparaíso', 'Concepción'], cultures: [['es', 100]] },
  { code: 'CO', name: 'Colombia', regionId: 4, currency: 'COP', weight: 11, utcOffset: -5, cities: ['Bogotá', 'Medellín', 'Cali', 'Barranquilla'], cultures: [['es', 100]] },
  { code: 'AE', name: 'United Arab Emirates', regionId: 5, currency: 'AED', weight: 45, utcOffset: 4, cities: ['Dubai', 'Abu Dhabi', 'Sharjah'], cultures: [['ar', 55], ['hi', 30], ['en', 15]] },
  { code: 'ZA', name: 'South Africa', regionId: 5, currency: 'ZAR', weight: 55, utcOffset: 2, cities: ['Johannesburg', 'Cape Town', 'Durban', 'Pretoria'], cultures: [['en', 60], ['af', 40]] },
];

export const FIRST_NAMES: Readonly<Record<Culture, readonly string[]>> = {
  en: ['James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'William', 'Sophia', 'Benjamin', 'Isabella', 'Lucas', 'Mia', 'Henry', 'Charlotte', 'Jack', 'Amelia', 'Ethan', 'Harper', 'Daniel', 'Grace', 'Samuel', 'Chloe', 'Oliver', 'Emily'],
  es: ['Sofía', 'Mateo', 'Valentina', 'Santiago', 'Camila', 'Sebastián', 'Lucía', 'Diego', 'Martina', 'Alejandro', 'Isabel', 'Javier', 'Daniela', 'Pablo', 'Gabriela', 'Andrés', 'Elena', 'Carlos', 'Paula', 'Miguel'],
  fr: ['Camille', 'Louis', 'Léa', 'Gabriel', 'Chloé', 'Hugo', 'Manon', 'Jules', 'Inès', 'Arthur', 'Juliette', 'Raphaël', 'Zoé', 'Nathan', 'Margaux', 'Théo', 'Élodie', 'Antoine'],
  de: ['Lukas', 'Hannah', 'Leon', 'Mia', 'Felix', 'Lena', 'Jonas', 'Lea', 'Paul', 'Sophie', 'Maximilian', 'Anna', 'Finn', 'Marie', 'Tobias', 'Katharina', 'Niklas', 'Julia', 'Jürgen', 'Sabine'],
  it: ['Giulia', 'Lorenzo', 'Francesca', 'Matteo', 'Chiara', 'Alessandro', 'Sara', 'Leonardo', 'Martina', 'Davide', 'Giorgia', 'Marco', 'Alessia', 'Riccardo', 'Elisa', 'Federico'],
  pt: ['Ana', 'João', 'Maria', 'Pedro', 'Beatriz', 'Lucas', 'Mariana', 'Gabriel', 'Larissa', 'Rafael', 'Juliana', 'Thiago', 'Fernanda', 'Gustavo', 'Letícia', 'Bruno', 'Camila', 'Felipe'],
  nl: ['Daan', 'Emma', 'Sem', 'Julia', 'Lars', 'Tess', 'Bram', 'Sanne', 'Thijs', 'Fleur', 'Ruben', 'Lotte', 'Jesse', 'Anouk', 'Sven', 'Noor'],
  sv: ['Erik', 'Astrid', 'Oskar', 'Elsa', 'Axel', 'Ebba', 'Filip', 'Saga', 'Gustav', 'Maja', 'Linnea', 'Viktor', 'Ingrid', 'Anton'],
  pl: ['Jakub', 'Zofia', 'Kacper', 'Maja', 'Szymon', 'Julia', 'Mateusz', 'Zuzanna', 'Piotr', 'Aleksandra', 'Michał', 'Natalia', 'Tomasz', 'Agnieszka'],
  ja: ['Haruto', 'Yui', 'Sota', 'Hina', 'Yuto', 'Aoi', 'Riku', 'Sakura', 'Kaito', 'Mei', 'Hiroshi', 'Yuki', 'Takumi', 'Rin', 'Kenji', 'Akari'],
  ko: ['Min-jun', 'Seo-yeon', 'Ji-ho', 'Ha-eun', 'Do-yoon', 'Ji-woo', 'Seo-jun', 'Su-bin', 'Hyun-woo', 'Ye-jin', 'Jae-won', 'Min-seo'],
  hi: ['Aarav', 'Ananya', 'Vihaan', 'Diya', 'Arjun', 'Priya', 'Rohan', 'Isha', 'Aditya', 'Kavya', 'Rahul', 'Sneha', 'Karan', 'Neha', 'Vikram', 'Pooja'],
  zh: ['Wei', 'Mei Ling', 'Jun', 'Xiu Ying', 'Hao', 'Li Na', 'Jian', 'Yan', 'Ming', 'Hui Min', 'Kai', 'Jia Hui', 'Zhi Hao', 'Xin Yi'],
  ar: ['Omar', 'Fatima', 'Ahmed', 'Layla', 'Youssef', 'Mariam', 'Khalid', 'Noor', 'Hassan', 'Aisha', 'Karim', 'Salma', 'Tariq', 'Huda'],
  af: ['Pieter', 'Anika', 'Johan', 'Elna', 'Willem', 'Marlize', 'Francois', 'Karin', 'Hendrik', 'Liezl', 'Ruan', 'Sune'],
};

export const LAST_NAMES: Readonly<Record<Culture, readonly string[]>> = {
  en: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Anderson', 'Thomas', 'Moore', 'Martin', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', "O'Brien", 'Campbell'],
  es: ['García', 'Martínez', 'López', 'González', 'Rodríguez', 'Fernández', 'Sánchez', 'Pérez', 'Gómez', 'Díaz', 'Torres', 'Ramírez', 'Flores', 'Vargas', 'Castro', 'Morales', 'Ortiz', 'Romero', 'Herrera', 'Núñez'],
  fr: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garnier', 'Rousseau'],
  de: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Braun', 'Zimmermann'],
  it: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Costa', 'Giordano'],
  pt: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Araújo'],
  nl: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos', 'Vos'],
  sv: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lindqvist', 'Berg'],
  pl: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski'],
  ja: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato', 'Yoshida', 'Yamada', 'Sasaki', 'Matsumoto'],
  ko: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Han', 'Shin'],
  hi: ['Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Iyer', 'Nair', 'Mehta', 'Joshi', 'Rao', 'Desai', 'Kapoor', 'Chopra'],
  zh: ['Tan', 'Lim', 'Lee', 'Ng', 'Ong', 'Wong', 'Goh', 'Chua', 'Chan', 'Koh', 'Teo', 'Ang', 'Yeo', 'Chen'],
  ar: ['Al Mansouri', 'Al Hashimi', 'Haddad', 'Khalil', 'Nasser', 'Saleh', 'Hamdan', 'Al Farsi', 'Aziz', 'Rahman', 'Mahmoud', 'Qasim'],
  af: ['van der Merwe', 'Botha', 'Pretorius', 'Steyn', 'du Plessis', 'Venter', 'Nel', 'Coetzee', 'Swanepoel', 'Joubert', 'Kruger', 'Fourie'],
};

export type StoreType = 'flagship' | 'standard' | 'outlet' | 'online';

export interface StoreRef {
  code: string;
  name: string;
  type: StoreType;
  countryCode: string;
  /** Null for the online stores (one per region). */
  city: string | null;
  regionId: number;
  openedOn: string;
  closedOn: string | null;
  squareMeters: number | null;
}

const s = (
  code: string, name: string, type: StoreType, countryCode: string, city: string | null, regionId: number,
  openedOn: string, squareMeters: number | null, closedOn: string | null = null,
): StoreRef => ({ code, name, type, countryCode, city, regionId, openedOn, closedOn, squareMeters });

export const STORES: readonly StoreRef[] = [
  s('NA-WEB', 'Online Store North America', 'online', 'US', null, 1, '2014-03-01', null),
  s('EU-WEB', 'Online Store Europe', 'online', 'GB', null, 2, '2015-09-15', null),
  s('AP-WEB', 'Online Store Asia-Pacific', 'online', 'SG', null, 3, '2017-05-02', null),
  s('LA-WEB', 'Online Store Latin America', 'online', 'BR', null, 4, '2018-02-12', null),
  s('ME-WEB', 'Online Store Middle East & Africa', 'online', 'AE', null, 5, '2019-10-01', null),
  s('NYC-01', 'New York Fifth Avenue', 'flagship', 'US', 'New York', 1, '2012-11-10', 2400),
  s('LAX-01', 'Los Angeles The Grove', 'standard', 'US', 'Los Angeles', 1, '2015-04-18', 1100),
  s('CHI-01', 'Chicago Magnificent Mile', 'standard', 'US', 'Chicago', 1, '2016-08-27', 1250),
  s('HOU-01', 'Houston Galleria', 'standard', 'US', 'Houston', 1, '2018-03-03', 980),
  s('SEA-01', 'Seattle Pike Place', 'standard', 'US', 'Seattle', 1, '2017-06-10', 900),
  s('BOS-01', 'Boston Newbury Street', 'standard', 'US', 'Boston', 1, '2019-09-21', 850),
  s('MIA-01', 'Miami Brickell', 'standard', 'US', 'Miami', 1, '2020-11-14', 920),
  s('SFO-01', 'San Francisco Union Square', 'standard', 'US', 'San Francisco', 1, '2016-02-06', 1050, '2024-06-30'),
  s('DEN-01', 'Denver Cherry Creek Outlet', 'outlet', 'US', 'Denver', 1, '2021-05-08', 1600),
  s('AUS-01', 'Austin Domain', 'standard', 'US', 'Austin', 1, '2024-09-14', 1000),
  s('TOR-01', 'Toronto Eaton Centre', 'flagship', 'CA', 'Toronto', 1, '2014-10-04', 1800),
  s('VAN-01', 'Vancouver Robson Street', 'standard', 'CA', 'Vancouver', 1, '2017-04-22', 880),
  s('MTL-01', 'Montreal Sainte-Catherine', 'standard', 'CA', 'Montreal', 1, '2019-03-16', 870),
  s('LON-01', 'London Oxford Street', 'flagship', 'GB', 'London', 2, '2013-05-25', 2600),
  s('MAN-01', 'Manchester Arndale', 'standard', 'GB', 'Manchester', 2, '2017-10-07', 950),
  s('BHM-01', 'Birmingham Bullring Outlet', 'outlet', 'GB', 'Birmingham', 2, '2020-02-29', 1400),
  s('BER-01', 'Berlin Alexanderplatz', 'flagship', 'DE', 'Berlin', 2, '2015-03-14', 2100),
  s('MUC-01', 'Munich Marienplatz', 'standard', 'DE', 'Munich', 2, '2018-06-09', 1000),
  s('HAM-01', 'Hamburg Mönckebergstraße', 'standard', 'DE', 'Hamburg', 2, '2019-11-02', 900),
  s('PAR-01', 'Paris Rue de Rivoli', 'flagship', 'FR', 'Paris', 2, '2014-09-20', 2000),
  s('LYS-01', 'Lyon Part-Dieu', 'standard', 'FR', 'Lyon', 2, '2018-04-14', 850),
  s('MAD-01', 'Madrid Gran Vía', 'standard', 'ES', 'Madrid', 2, '2016-10-22', 1150),
  s('BCN-01', 'Barcelona Passeig de Gràcia', 'standard', 'ES', 'Barcelona', 2, '2017-03-25', 1100),
  s('MIL-01', 'Milan Corso Buenos Aires', 'standard', 'IT', 'Milan', 2, '2018-09-29', 1000),
  s('ROM-01', 'Rome Via del Corso', 'standard', 'IT', 'Rome', 2, '2020-06-13', 950),
  s('AMS-01', 'Amsterdam Kalverstraat', 'standard', 'NL', 'Amsterdam', 2, '2019-05-18', 800),
  s('STO-01', 'Stockholm Drottninggatan', 'standard', 'SE', 'Stockholm', 2, '2024-04-12', 780),
  s('WAW-01', 'Warsaw Złote Tarasy', 'standard', 'PL', 'Warsaw', 2, '2025-03-01', 820),
  s('SYD-01', 'Sydney Pitt Street', 'flagship', 'AU', 'Sydney', 3, '2016-11-19', 1900),
  s('MEL-01', 'Melbourne Bourke Street', 'standard', 'AU', 'Melbourne', 3, '2018-08-04', 980),
  s('TYO-01', 'Tokyo Shibuya', 'flagship', 'JP', 'Tokyo', 3, '2017-09-09', 1700),
  s('OSA-01', 'Osaka Umeda', 'standard', 'JP', 'Osaka', 3, '2019-07-20', 900),
  s('SIN-01', 'Singapore Orchard Road', 'flagship', 'SG', 'Singapore', 3, '2018-01-27', 1500),
  s('SEL-01', 'Seoul Gangnam', 'standard', 'KR', 'Seoul', 3, '2023-11-03', 950),
  s('AKL-01', 'Auckland Queen Street', 'standard', 'NZ', 'Auckland', 3, '2021-03-06', 700),
  s('BOM-01', 'Mumbai Bandra', 'standard', 'IN', 'Mumbai', 3, '2025-02-15', 900),
  s('SAO-01', 'São Paulo Avenida Paulista', 'flagship', 'BR', 'São Paulo', 4, '2018-05-12', 1800),
  s('RIO-01', 'Rio de Janeiro Ipanema', 'standard', 'BR', 'Rio de Janeiro', 4, '2020-10-17', 850),
  s('MEX-01', 'Mexico City Polanco', 'standard', 'MX', 'Mexico City', 4, '2019-02-23', 1000),
  s('GDL-01', 'Guadalajara Andares', 'standard', 'MX', 'Guadalajara', 4, '2022-08-06', 800),
  s('BUE-01', 'Buenos Aires Palermo', 'standard', 'AR', 'Buenos Aires', 4, '2019-12-07', 850),
  s('SCL-01', 'Santiago Costanera Center', 'standard', 'CL', 'Santiago', 4, '2021-04-24', 780),
  s('BOG-01', 'Bogotá Andino', 'standard', 'CO', 'Bogotá', 4, '2024-05-20', 760),
  s('DXB-01', 'Dubai Mall', 'flagship', 'AE', 'Dubai', 5, '2019-10-26', 1600),
  s('JNB-01', 'Johannesburg Sandton City', 'standard', 'ZA', 'Johannesburg', 5, '2020-09-05', 900),
  s('CPT-01', 'Cape Town V&A Waterfront', 'standard', 'ZA', 'Cape Town', 5, '2022-03-19', 820),
];
