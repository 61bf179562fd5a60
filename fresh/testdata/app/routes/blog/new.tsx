export default function NewPost() {
  return <h1>New post form</h1>;
}
