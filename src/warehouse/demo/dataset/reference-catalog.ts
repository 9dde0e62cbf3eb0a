// Fixed reference data for the product catalogue: top-level departments with their subcategories,
// brands, price ranges, margins, return rates and seasonality; and the supplier list.

export interface SubcategoryRef {
  name: string;
  /** Product nouns; product names are "<brand> <noun><suffix>". */
  nouns: readonly string[];
  /** List price range in dollars (log-uniform between). */
  minPrice: number;
  maxPrice: number;
}

export interface DepartmentRef {
  name: string;
  code: string;
  description: string;
  /** Share of order lines in an average month. */
  share: number;
  /** Gross margin (1 - cost / price), before a little noise. */
  margin: number;
  /** Share of delivered online lines that come back. */
  returnRate: number;
  /** Jan … Dec demand multipliers. */
  season: readonly number[];
  brands: readonly string[];
  suffixes: readonly string[];
  /** Supplier names able to supply this department. */
  suppliers: readonly string[];
  subcategories: readonly SubcategoryRef[];
}

const sub = (name: string, minPrice: number, maxPrice: number, nouns: string[]): SubcategoryRef => ({ name, nouns, minPrice, maxPrice });

export const DEPARTMENTS: readonly DepartmentRef[] = [
  {
    name: 'Electronics', code: 'ELE', description: 'Phones, computers, audio, smart-home devices and cameras.',
    share: 0.13, margin: 0.24, returnRate: 0.06,
    season: [0.9, 0.8, 0.85, 0.85, 0.9, 0.9, 0.95, 1.05, 1.0, 1.0, 1.55, 1.9],
    brands: ['Voltra', 'Nordvik', 'Lumen', 'Kestrel', 'Auralis', 'Zentro'],
    suffixes: ['', ' Pro', ' Lite', ' Max', ' 2', ' X', ' Air', ' Ultra'],
    suppliers: ['Shenzhen Brightway Electronics', 'Taipei Circuit Partners', 'Penang Precision Devices', 'Busan Digital Supply'],
    subcategories: [
      sub('Smartphones', 249, 1199, ['Smartphone', '5G Smartphone', 'Foldable Phone']),
      sub('Laptops', 399, 2399, ['Laptop', 'Ultrabook', 'Notebook', 'Chromebook']),
      sub('Headphones & Audio', 29, 399, ['Wireless Headphones', 'Earbuds', 'Bluetooth Speaker', 'Soundbar', 'Noise-Cancelling Headphones']),
      sub('Smart Home', 19, 249, ['Smart Plug', 'Smart Bulb', 'Video Doorbell', 'Smart Thermostat', 'Security Camera', 'Smart Speaker']),
      sub('Cameras', 39, 1499, ['Mirrorless Camera', 'Action Camera', 'Instant Camera', 'Camera Lens', 'Travel Tripod']),
    ],
  },
  {
    name: 'Home & Kitchen', code: 'HOM', description: 'Cookware, kitchen appliances, furniture, bedding and decor.',
    share: 0.16, margin: 0.45, returnRate: 0.05,
    season: [0.95, 0.85, 0.95, 1.0, 1.0, 0.95, 0.95, 1.0, 1.0, 1.05, 1.3, 1.4],
    brands: ['Hearth & Co', 'Casa Bella', 'Oakline', 'Fjord Living', 'Copperleaf'],
    suffixes: ['', ' Classic', ' Deluxe', ' Essential', ' Plus'],
    suppliers: ['Bavaria Kitchenware GmbH', 'Guangzhou Homestyle Manufacturing', 'Poznań Furniture Works', 'Jaipur Home Textiles'],
    subcategories: [
      sub('Cookware', 19, 249, ['Non-Stick Frying Pan', 'Cast Iron Skillet', 'Stockpot', 'Knife Set', 'Dutch Oven', 'Saucepan Set']),
      sub('Small Appliances', 25, 599, ['Espresso Machine', 'Blender', 'Air Fryer', 'Toaster', 'Electric Kettle', 'Stand Mixer']),
      sub('Furniture', 59, 1199, ['Office Chair', 'Bookshelf', 'Coffee Table', 'Sofa Bed', 'Standing Desk', 'Bar Stool']),
      sub('Bedding & Bath', 19, 299, ['Duvet Cover Set', 'Memory Foam Pillow', 'Bath Towel Set', 'Weighted Blanket', 'Mattress Topper']),
      sub('Home Decor', 9, 149, ['Table Lamp', 'Wall Clock', 'Scented Candle', 'Picture Frame', 'Throw Blanket', 'Ceramic Plant Pot']),
    ],
  },
  {
    name: 'Apparel', code: 'APP', description: "Men's, women's and kids' clothing, shoes and accessories.",
    share: 0.22, margin: 0.58, returnRate: 0.13,
    season: [0.9, 0.8, 1.05, 1.1, 1.0, 0.95, 0.95, 1.0, 1.15, 1.05, 1.25, 1.3],
    brands: ['Northwind', 'Urban Thread', 'Maren & Moss', 'Solstice', 'Ridgeway'],
    suffixes: ['', ' Slim Fit', ' Relaxed', ' Organic', ' Heritage', ' Everyday'],
    suppliers: ['Dhaka Garment Partners', 'Ho Chi Minh Apparel Works', 'Porto Footwear Lda', 'Izmir Textile Group'],
    subcategories: [
      sub("Men's Clothing", 19, 249, ['Oxford Shirt', 'Chino Trousers', 'Crewneck Sweater', 'Denim Jacket', 'Polo Shirt', 'Wool Coat']),
      sub("Women's Clothing", 19, 279, ['Wrap Dress', 'Linen Blouse', 'High-Rise Jeans', 'Cardigan', 'Trench Coat', 'Midi Skirt']),
      sub('Shoes', 35, 229, ['Running Shoes', 'Leather Boots', 'Canvas Sneakers', 'Sandals', 'Loafers', 'Hiking Boots']),
      sub('Accessories', 9, 149, ['Leather Belt', 'Backpack', 'Wool Scarf', 'Sunglasses', 'Baseball Cap', 'Wallet']),
      sub("Kids' Clothing", 8, 69, ['Kids Hoodie', 'Kids T-Shirt', 'Kids Rain Jacket', 'Kids Pajama Set', 'Kids Jeans']),
    ],
  },
  {
    name: 'Sports & Outdoors', code: 'SPO', description: 'Fitness, camping and hiking, cycling and team sports.',
    share: 0.1, margin: 0.42, returnRate: 0.05,
    season: [1.3, 0.95, 1.0, 1.1, 1.25, 1.35, 1.35, 1.2, 0.95, 0.85, 0.9, 1.05],
    brands: ['Summit Peak', 'Apex Motion', 'Trailhead', 'Velocity', 'Tidewater'],
    suffixes: ['', ' Pro', ' Trail', ' Sport', ' Elite', ' Lite'],
    suppliers: ['Oregon Outdoor Supply', 'Taichung Cycle Works', 'Shenzhen Brightway Electronics', 'Izmir Textile Group'],
    subcategories: [
      sub('Fitness', 12, 899, ['Yoga Mat', 'Adjustable Dumbbells', 'Resistance Bands', 'Kettlebell', 'Exercise Bike', 'Foam Roller']),
      sub('Camping & Hiking', 15, 449, ['2-Person Tent', 'Sleeping Bag', 'Hiking Backpack', 'Camping Stove', 'Headlamp', 'Water Filter']),
      sub('Cycling', 19, 1899, ['Road Bike', 'Mountain Bike', 'Bike Helmet', 'Bike Lights Set', 'Cycling Jersey', 'Bike Lock']),
      sub('Team Sports', 12, 179, ['Football', 'Basketball', 'Tennis Racket', 'Shin Guards', 'Goalkeeper Gloves']),
    ],
  },
  {
    name: 'Beauty & Personal Care', code: 'BEA', description: 'Skincare, makeup, hair care and fragrance.',
    share: 0.12, margin: 0.64, returnRate: 0.02,
    season: [0.9, 1.15, 0.95, 0.95, 1.0, 0.95, 0.95, 0.95, 0.95, 1.0, 1.25, 1.5],
    brands: ['Lumière', 'Verdana Botanics', 'Pure Dew', 'Glow Theory'],
    suffixes: ['', ' Sensitive', ' Intense', ' Daily', ' Travel Size'],
    suppliers: ['Milano Beauty Labs', 'Seoul Cosmetics Lab', 'Grasse Fragrance House'],
    subcategories: [
      sub('Skincare', 8, 89, ['Vitamin C Serum', 'Moisturizer', 'Sunscreen SPF 50', 'Cleansing Gel', 'Night Cream', 'Face Mask Set']),
      sub('Makeup', 6, 59, ['Mascara', 'Foundation', 'Lipstick', 'Eyeshadow Palette', 'Concealer']),
      sub('Hair Care', 6, 149, ['Shampoo', 'Conditioner', 'Hair Dryer', 'Hair Oil', 'Hair Straightener']),
      sub('Fragrance', 25, 149, ['Eau de Parfum', 'Eau de Toilette', 'Body Mist', 'Cologne']),
    ],
  },
  {
    name: 'Toys & Games', code: 'TOY', description: 'Board games, building sets, dolls and figures, video games.',
    share: 0.08, margin: 0.44, returnRate: 0.03,
    season: [0.7, 0.7, 0.75, 0.8, 0.8, 0.85, 0.9, 0.9, 0.9, 1.0, 1.7, 2.9],
    brands: ['Brightblock', 'Wonderbox', 'Little Pine', 'Playforge'],
    suffixes: ['', ' Deluxe', ' Junior', ' Collector Edition', ' Starter'],
    suppliers: ['Kyoto Toy Works', 'Guangzhou Homestyle Manufacturing', 'Billund Play Components'],
    subcategories: [
      sub('Board Games', 10, 79, ['Strategy Board Game', 'Family Card Game', 'Jigsaw Puzzle 1000 pcs', 'Party Game', 'Chess Set']),
      sub('Building Sets', 15, 199, ['Space Station Building Set', 'City Building Set', 'Race Car Kit', 'Castle Set', 'Robotics Kit']),
      sub('Dolls & Action Figures', 8, 129, ['Action Figure', 'Fashion Doll', 'Plush Bear', 'Dollhouse', 'Superhero Figure Set']),
      sub('Video Games', 19, 79, ['Adventure Video Game', 'Racing Video Game', 'Sports Video Game', 'Puzzle Video Game', 'Game Controller']),
    ],
  },
  {
    name: 'Books & Media', code: 'BOO', description: "Fiction, non-fiction and children's books.",
    share: 0.08, margin: 0.38, returnRate: 0.015,
    season: [0.95, 0.85, 0.9, 0.9, 0.95, 1.1, 1.2, 1.15, 0.95, 0.95, 1.1, 1.45],
    brands: ['Harbor Press', 'Quillstone', 'Bluefern Books'],
    suffixes: ['', ' (Paperback)', ' (Hardcover)', ' Vol. 2', ' Special Edition'],
    suppliers: ['Harbor Press Distribution', 'Leipzig Book Logistics'],
    subcategories: [
      sub('Fiction', 8, 29, ['Mystery Novel', 'Fantasy Novel', 'Thriller', 'Romance Novel', 'Science Fiction Novel']),
      sub('Non-fiction', 12, 45, ['Cookbook', 'Biography', 'Business Book', 'History Book', 'Travel Guide']),
      sub("Children's Books", 5, 24, ['Picture Book', 'Activity Book', 'Early Reader', 'Bedtime Stories']),
    ],
  },
  {
    name: 'Grocery & Gourmet', code: 'GRO', description: 'Coffee and tea, snacks and pantry staples.',
    share: 0.11, margin: 0.33, returnRate: 0.005,
    season: [1.0, 0.95, 1.0, 1.0, 0.95, 0.95, 0.95, 0.95, 1.0, 1.05, 1.15, 1.35],
    brands: ['Green Valley', 'Origin Roasters', 'Hearthstone Pantry'],
    suffixes: ['', ' Organic', ' Family Pack', ' Single Origin', ' Fair Trade'],
    suppliers: ['Colombia Coffee Growers Coop', 'Lyon Gourmet Foods', 'Valencia Olive Cooperative'],
    subcategories: [
      sub('Coffee & Tea', 6, 39, ['Whole Bean Coffee 1kg', 'Ground Coffee 500g', 'Green Tea', 'Chai Blend', 'Coffee Pods 50-pack']),
      sub('Snacks', 2, 19, ['Dark Chocolate Bar', 'Trail Mix', 'Granola', 'Sea Salt Crisps', 'Protein Bar Box']),
      sub('Pantry', 3, 29, ['Extra Virgin Olive Oil', 'Pasta Sauce', 'Basmati Rice 2kg', 'Maple Syrup', 'Wildflower Honey']),
    ],
  },
];

export interface SupplierRef {
  name: string;
  country: string;
  leadTimeDays: number;
  onboardedOn: string;
}

export const SUPPLIERS: readonly SupplierRef[] = [
  { name: 'Shenzhen Brightway Electronics', country: 'China', leadTimeDays: 35, onboardedOn: '2014-06-02' },
  { name: 'Taipei Circuit Partners', country: 'Taiwan', leadTimeDays: 28, onboardedOn: '2016-01-18' },
  { name: 'Penang Precision Devices', country: 'Malaysia', leadTimeDays: 30, onboardedOn: '2019-08-05' },
  { name: 'Busan Digital Supply', country: 'South Korea', leadTimeDays: 21, onboardedOn: '2021-03-22' },
  { name: 'Bavaria Kitchenware GmbH', country: 'Germany', leadTimeDays: 12, onboardedOn: '2015-02-09' },
  { name: 'Guangzhou Homestyle Manufacturing', country: 'China', leadTimeDays: 38, onboardedOn: '2014-11-17' },
  { name: 'Poznań Furniture Works', country: 'Poland', leadTimeDays: 18, onboardedOn: '2018-07-30' },
  { name: 'Jaipur Home Textiles', country: 'India', leadTimeDays: 32, onboardedOn: '2017-04-03' },
  { name: 'Dhaka Garment Partners', country: 'Bangladesh', leadTimeDays: 45, onboardedOn: '2013-09-12' },
  { name: 'Ho Chi Minh Apparel Works', country: 'Vietnam', leadTimeDays: 40, onboardedOn: '2016-05-23' },
  { name: 'Porto Footwear Lda', country: 'Portugal', leadTimeDays: 14, onboardedOn: '2017-10-16' },
  { name: 'Izmir Textile Group', country: 'Turkey', leadTimeDays: 20, onboardedOn: '2020-01-27' },
  { name: 'Oregon Outdoor Supply', country: 'United States', leadTimeDays: 10, onboardedOn: '2015-08-11' },
  { name: 'Taichung Cycle Works', country: 'Taiwan', leadTimeDays: 33, onboardedOn: '2018-02-26' },
  { name: 'Milano Beauty Labs', country: 'Italy', leadTimeDays: 11, onboardedOn: '2016-09-05' },
  { name: 'Seoul Cosmetics Lab', country: 'South Korea', leadTimeDays: 19, onboardedOn: '2020-06-15' },
  { name: 'Grasse Fragrance House', country: 'France', leadTimeDays: 13, onboardedOn: '2017-12-04' },
  { name: 'Kyoto Toy Works', country: 'Japan', leadTimeDays: 24, onboardedOn: '2018-10-29' },
  { name: 'Billund Play Components', country: 'Denmark', leadTimeDays: 9, onboardedOn: '2022-02-14' },
  { name: 'Harbor Press Distribution', country: 'United States', leadTimeDays: 7, onboardedOn: '2014-01-20' },
  { name: 'Leipzig Book Logistics', country: 'Germany', leadTimeDays: 8, onboardedOn: '2019-05-06' },
  { name: 'Colombia Coffee Growers Coop', country: 'Colombia', leadTimeDays: 26, onboardedOn: '2017-03-13' },
  { name: 'Lyon Gourmet Foods', country: 'France', leadTimeDays: 10, onboardedOn: '2018-11-19' },
  { name: 'Valencia Olive Cooperative', country: 'Spain', leadTimeDays: 12, onboardedOn: '2021-09-27' },
];
