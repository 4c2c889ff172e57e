# Verification aid: records, for every document Jekyll builds, its URL,
# date and the text Liquid produced (the input of the Markdown converter).
require 'json'
module KopijDump
  RECORDS = {}
end
class Jekyll::Renderer
  alias_method :kopij_orig_convert, :convert
  def convert(content)
    KopijDump::RECORDS[document.relative_path] = content
    kopij_orig_convert(content)
  end
end
Jekyll::Hooks.register :site, :post_write do |site|
  docs = site.posts.docs + site.pages + site.collections.values.flat_map(&:docs)
  out = docs.uniq.map do |d|
    {
      "path" => d.relative_path,
      "url" => d.url,
      "date" => (d.respond_to?(:date) && d.date ? d.date.xmlschema(9) : nil),
      "collection" => (d.respond_to?(:collection) && d.collection ? d.collection.label : nil),
      "categories" => d.data["categories"],
      "liquid" => KopijDump::RECORDS[d.relative_path],
    }
  end
  File.write(ENV["KOPIJ_DUMP"], JSON.pretty_generate(out))
end
